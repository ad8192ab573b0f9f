import { describe, expect, it } from "vitest";
import { withoutStatusPin } from "../../api/tickets/status-pin.ts";

describe("the status PIN in a transcript line", () => {
  it("is hidden in the bot's confirmation and in a typed /status, and nothing else changes", () => {
    expect(withoutStatusPin("Kode laporanmu: MTR-7K3QX\nPIN: 4821\nSimpan kode dan PIN ini.")).toBe("Kode laporanmu: MTR-7K3QX\nPIN: ••••\nSimpan kode dan PIN ini.");
    expect(withoutStatusPin("/status mtr-7k3qx 4821")).toBe("/status mtr-7k3qx ••••");
    expect(withoutStatusPin("dipukul jam 1234 di kelas 5, nomor 0812-3456")).toBe("dipukul jam 1234 di kelas 5, nomor 0812-3456");
  });
});
