# Runs a command on a pseudo-terminal and answers its prompts in order: argv[1] is a file of answers, one a line,
# the rest is the command. Prints everything the command wrote to the terminal; exits with the command's code.
import os, pty, select, sys

answers = open(sys.argv[1]).read().splitlines()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
seen, asked = b"", 0
while True:
    ready, _, _ = select.select([fd], [], [], 60)
    if not ready:
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
    while asked < len(answers) and seen.count(b"]: ") > asked:
        os.write(fd, answers[asked].encode() + b"\n")
        asked += 1
sys.stdout.write(seen.decode(errors="replace"))
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
