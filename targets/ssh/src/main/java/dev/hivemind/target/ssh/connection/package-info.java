/**
 * One authenticated SSH connection per host and command (Apache MINA SSHD): host-key trust (accept-new, a changed
 * key refused), the user's keys, commands run as root, SFTP, and the tunnel that carries the host agent's API.
 */
package dev.hivemind.target.ssh.connection;
