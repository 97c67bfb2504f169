/**
 * A minimal SMTP server on a free loopback port that keeps every message it accepted (no TLS, no auth):
 * what a mail relay looks like to nodemailer, for tests that must see what was really handed over.
 * `stallConnection(n)` makes the n-th connection from now hang at its MAIL FROM, as a relay that stopped
 * answering, so a sender can be stopped (or killed) between two mails.
 */
import { createServer, type Socket } from 'node:net';

export interface SinkMessage {
  from: string;
  to: string[];
  /** The raw message, dot-unstuffed. */
  data: string;
  messageId: string | null;
  subject: string | null;
}

export interface SmtpSink {
  url: string;
  messages: SinkMessage[];
  /** The n-th connection from now (1: the next) hangs at MAIL FROM; resolves with its socket then. */
  stallConnection(n: number): Promise<Socket>;
  /** Resolves once `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const header = (data: string, name: string) =>
  new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(data.split(/\r?\n\r?\n/)[0] ?? '')?.[1]?.trim() ?? null;

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const stalls = new Map<number, (socket: Socket) => void>();
  const waiters: (() => void)[] = [];

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const stallThis = stalls.get(++connections);
    stalls.delete(connections);
    let buffer = '';
    let inData = false;
    let envelope = { from: '', to: [] as string[] };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 sink ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const data = buffer.slice(0, end).replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          messages.push({
            ...envelope,
            data,
            messageId: header(data, 'Message-ID'),
            subject: header(data, 'Subject'),
          });
          envelope = { from: '', to: [] };
          reply('250 OK: queued');
          for (const wake of waiters.splice(0)) wake();
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 sink');
        else if (verb === 'MAIL') {
          if (stallThis) {
            stallThis(socket);
            return; // never answer
          }
          envelope.from = /<([^>]*)>/.exec(line)?.[1] ?? '';
          reply('250 OK');
        } else if (verb === 'RCPT') {
          envelope.to.push(/<([^>]*)>/.exec(line)?.[1] ?? '');
          reply('250 OK');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 End data with <CR><LF>.<CR><LF>');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 OK');
        else if (verb === 'QUIT') {
          reply('221 Bye');
          socket.end();
          return;
        } else reply('502 Command not implemented');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stallConnection: (n) => new Promise<Socket>((resolve) => stalls.set(connections + n, resolve)),
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`smtp sink: ${messages.length} of ${count} messages`);
        await Promise.race([
          new Promise<void>((resolve) => waiters.push(resolve)),
          new Promise((resolve) => setTimeout(resolve, 200)),
        ]);
      }
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
