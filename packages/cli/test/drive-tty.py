# Runs a command in a pseudo-terminal and answers its prompts: argv[1] is a JSON list of
# [expected text, answer] pairs, the rest is the command. Prints the transcript; exits with its status.
import json, os, pty, select, sys

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

transcript = b''
def read_until(text, timeout=15.0):
    global transcript
    while text.encode() not in transcript:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            raise SystemExit('timed out waiting for %r; transcript: %r' % (text, transcript))
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b''
        if not chunk:
            raise SystemExit('the command ended before %r; transcript: %r' % (text, transcript))
        transcript += chunk

for expected, answer in steps:
    read_until(expected)
    transcript = transcript.replace(expected.encode(), b'<' + expected.encode() + b'>', 1)
    os.write(fd, answer.encode() + b'\r')

while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    transcript += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode('utf-8', 'replace'))
sys.exit(os.waitstatus_to_exitcode(status))
