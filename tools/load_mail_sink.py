"""The load run's own mail server on 127.0.0.1: it keeps every message Odoo sends, so that
nothing leaves the machine and a message sent twice shows."""

import email
import email.policy
import hashlib
import socketserver
import threading
from collections import Counter


class MailSink(socketserver.ThreadingTCPServer):
    """Accepts every email on 127.0.0.1 and keeps (recipients, message) of each."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.port = self.server_address[1]
        self.mails = []
        self.lock = threading.Lock()

    def keep(self, recipients, data):
        with self.lock:
            self.mails.append((tuple(sorted(recipients)), data))


class SmtpSession(socketserver.StreamRequestHandler):
    """The part of SMTP that Python's smtplib speaks to a server without TLS nor login."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 load-sink")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb == "QUIT":
                self.reply("221 bye")
                return
            if verb == "MAIL":
                recipients = []
            elif verb == "RCPT":
                recipients.append(command.partition(":")[2].strip().strip("<>").lower())
            elif verb == "DATA":
                self.reply("354 go on")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.keep(recipients, b"".join(data))
            self.reply("250 ok")


def delivered_twice(mails):
    """Emails that reached the same recipients twice with the same subject and text."""
    seen = Counter()
    for recipients, data in mails:
        message = email.message_from_bytes(data, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body else ""
        seen[(recipients, str(message["Subject"] or ""), hashlib.sha256(text.encode()).hexdigest())] += 1
    return [(recipients, subject, count) for (recipients, subject, _text), count in seen.items() if count > 1]
