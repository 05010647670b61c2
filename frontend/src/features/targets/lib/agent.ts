/** The commands that start a target agent on another machine (the targets page). Pure; see agent.test.ts. */

/** The embedded nats-server's default port (`DLWB_NATS_PORT`). */
export const DEFAULT_NATS_PORT = 14222;

/** What the agent accepts as DLWB_AGENT_ID (its NATS user is `agent-<id>`). */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function agentIdError(id: string): string | null {
  if (id.trim() === "") return "required";
  return AGENT_ID_PATTERN.test(id.trim()) ? null : "letters, digits, - and _ only (at most 64)";
}

/** A host for a URL: IPv6 literals in brackets. */
export function urlHost(host: string): string {
  const h = host.trim();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/** Where the agent's install script is: the gateway that serves this page, as the machine reaches it. */
export function installScriptUrl({ server, webPort, protocol = "http:" }: { server: string; webPort: string; protocol?: string }): string {
  const host = urlHost(server) || "<server>";
  const port = webPort.trim() ? `:${webPort.trim()}` : "";
  return `${protocol}//${host}${port}/agent/install.sh`;
}

/** The folder the install script puts the agent's virtual environment in (its default `--prefix`). */
export const AGENT_VENV = "~/.local/share/dlwb-agent/venv";

export function agentCommand({
  agentId,
  server,
  port,
  webPort = "8800",
  protocol = "http:",
}: {
  agentId: string;
  server: string;
  port: string | number;
  webPort?: string;
  protocol?: string;
}): {
  install: string;
  run: string;
} {
  const id = agentId.trim() && AGENT_ID_PATTERN.test(agentId.trim()) ? agentId.trim() : "<name>";
  const host = urlHost(server) || "<server>";
  const p = String(port).trim() || String(DEFAULT_NATS_PORT);
  return {
    install: `curl -fsSL ${installScriptUrl({ server, webPort, protocol })} | sh -s -- --id ${id} --no-enrol`,
    run:
      `DLWB_AGENT_ID=${id} DLWB_AGENT_NATS_URL=nats://${host}:${p} ` +
      `DLWB_AGENT_NATS_PASSWORD=<its own password> ${AGENT_VENV}/bin/dlwb-agent`,
  };
}

/** The server's enrolment command with the agent's name filled in (it comes with `--id <name>`). */
export function joinCommand(command: string, agentId: string): string {
  const id = agentId.trim();
  return AGENT_ID_PATTERN.test(id) ? command.replace("<name>", id) : command;
}

/** The workbench URL of an install command (the address it fetches the script from), if it only works
 * on the server itself (loopback). */
export function loopbackServer(command: string): string | null {
  const match = /(https?:\/\/[^/\s]+)/.exec(command);
  if (!match) return null;
  try {
    const host = new URL(match[1]).hostname.replace(/^\[|\]$/g, "");
    return host === "localhost" || host === "::1" || host.startsWith("127.") ? match[1] : null;
  } catch {
    return null;
  }
}

export const JOIN_TOKEN_TTLS: readonly { seconds: number; label: string }[] = [
  { seconds: 3600, label: "1 hour" },
  { seconds: 24 * 3600, label: "1 day" },
  { seconds: 7 * 24 * 3600, label: "7 days" },
];
