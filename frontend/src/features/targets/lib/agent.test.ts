import { describe, expect, it } from "vitest";
import { agentCommand, agentIdError, joinCommand, loopbackServer, urlHost } from "./agent";

describe("agentCommand", () => {
  it("builds the install and start commands", () => {
    expect(agentCommand({ agentId: "edge-1", server: "bench.lan", port: 14222, webPort: "8800" })).toEqual({
      install: "curl -fsSL http://bench.lan:8800/agent/install.sh | sh -s -- --id edge-1 --no-enrol",
      run:
        "DLWB_AGENT_ID=edge-1 DLWB_AGENT_NATS_URL=nats://bench.lan:14222 DLWB_AGENT_NATS_PASSWORD=<its own password> " +
        "~/.local/share/dlwb-agent/venv/bin/dlwb-agent",
    });
    expect(agentCommand({ agentId: "e", server: "wb.lan", port: 14222, webPort: "", protocol: "https:" }).install).toBe(
      "curl -fsSL https://wb.lan/agent/install.sh | sh -s -- --id e --no-enrol",
    );
  });

  it("keeps placeholders for what is missing or invalid", () => {
    const { install, run } = agentCommand({ agentId: "bad name!", server: "", port: "" });
    expect(install).toBe("curl -fsSL http://<server>:8800/agent/install.sh | sh -s -- --id <name> --no-enrol");
    expect(run).toBe(
      "DLWB_AGENT_ID=<name> DLWB_AGENT_NATS_URL=nats://<server>:14222 DLWB_AGENT_NATS_PASSWORD=<its own password> " +
        "~/.local/share/dlwb-agent/venv/bin/dlwb-agent",
    );
  });

  it("brackets IPv6 hosts", () => {
    expect(urlHost("::1")).toBe("[::1]");
    expect(urlHost("[::1]")).toBe("[::1]");
    expect(urlHost("10.0.0.2")).toBe("10.0.0.2");
  });

  it("checks agent ids as the agent does", () => {
    expect(agentIdError("edge_box-2")).toBeNull();
    expect(agentIdError("")).toBe("required");
    expect(agentIdError("a.b")).toMatch(/letters/);
  });
});

describe("join tokens", () => {
  const command = "curl -fsSL http://127.0.0.1:8800/agent/install.sh | sh -s -- --join-token join_abc --id <name>";

  it("fills in the agent's name when it is valid", () => {
    expect(joinCommand(command, "edge-1")).toBe(command.replace("<name>", "edge-1"));
    expect(joinCommand(command, "no spaces")).toBe(command);
  });

  it("notices a server URL other machines cannot reach", () => {
    expect(loopbackServer(command)).toBe("http://127.0.0.1:8800");
    expect(loopbackServer(command.replace("127.0.0.1", "localhost"))).toBe("http://localhost:8800");
    expect(loopbackServer(command.replace("127.0.0.1", "[::1]"))).toBe("http://[::1]:8800");
    expect(loopbackServer(command.replace("127.0.0.1", "bench.lan"))).toBeNull();
    expect(loopbackServer("dlwb-agent --id edge")).toBeNull();
  });
});
