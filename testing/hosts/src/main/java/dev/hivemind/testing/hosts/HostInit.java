package dev.hivemind.testing.hosts;

import java.nio.file.Path;
import java.util.List;

/** What runs as a test host's PID 1: systemd (the usual server) or sshd alone (a host without systemd). */
sealed interface HostInit permits HostInit.Systemd, HostInit.SshdOnly {

    /** The command that runs the host in the foreground until it is stopped; this machine's PATH is assumed. */
    List<String> command(Path root, String namespace, String machine, String hostname);

    /** What to run inside the host so that sshd takes up a changed host key. */
    String restartSsh();

    /**
     * systemd-nspawn booting the image's systemd. {@code SYSTEMD_NSPAWN_UNIFIED_HIERARCHY=1} (set for every launch)
     * lets it run on a machine whose cgroups are a v1/v2 hybrid; {@code --keep-unit --register=no} stop it asking for a
     * system bus and systemd-machined this machine need not have; the two capabilities let ufw and fail2ban set up the
     * host's own firewall, in the host's own network namespace.
     */
    record Systemd() implements HostInit {
        @Override
        public List<String> command(Path root, String namespace, String machine, String hostname) {
            return List.of("systemd-nspawn", "--directory=" + root, "--boot", "--keep-unit", "--register=no",
                    "--link-journal=no", "--console=read-only", "--capability=CAP_NET_ADMIN,CAP_NET_RAW",
                    "--network-namespace-path=/run/netns/" + namespace, "--machine=" + machine,
                    "--hostname=" + hostname);
        }

        @Override
        public String restartSsh() {
            return "systemctl restart ssh";
        }
    }

    /**
     * {@code sshd -D} as PID 1 of new mount, PID, UTS and IPC namespaces, chrooted into the image, in the host's
     * network namespace: the kind of host where HiveMind's agent must run under its own supervisor. The host makes its
     * SSH host key the first time it starts, as the systemd host does.
     */
    record SshdOnly() implements HostInit {
        private static final String START = """
                set -e
                export PATH=/usr/sbin:/usr/bin:/sbin:/bin
                root=$1
                mount -t proc proc "$root/proc"
                mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
                mount -t tmpfs -o mode=0755,nosuid,size=16m tmpfs "$root/dev"
                for node in null zero full random urandom tty; do
                  touch "$root/dev/$node"
                  mount --bind "/dev/$node" "$root/dev/$node"
                done
                mkdir "$root/dev/pts" "$root/dev/shm"
                mount -t devpts -o newinstance,ptmxmode=0666,mode=0620,gid=5 devpts "$root/dev/pts"
                mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$root/dev/shm"
                ln -s pts/ptmx "$root/dev/ptmx"
                ln -s /proc/self/fd "$root/dev/fd"
                mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$root/run"
                mkdir -m 0755 "$root/run/sshd"
                mkdir -m 1777 "$root/run/lock"
                hostname "$2"
                exec chroot "$root" /bin/sh -c 'test -e /etc/ssh/ssh_host_ed25519_key \
                  || ssh-keygen -q -t ed25519 -N "" -C "" -f /etc/ssh/ssh_host_ed25519_key; exec /usr/sbin/sshd -D -e'
                """;

        @Override
        public List<String> command(Path root, String namespace, String machine, String hostname) {
            return List.of("nsenter", "--net=/run/netns/" + namespace, "unshare", "--mount", "--pid", "--uts",
                    "--ipc", "--fork", "--kill-child", "--propagation", "private", "/bin/sh", "-c", START, "sh",
                    root.toString(), hostname);
        }

        @Override
        public String restartSsh() {
            // sshd re-executes itself on SIGHUP and reads its host keys again; it is PID 1 here.
            return "kill -HUP 1";
        }
    }
}
