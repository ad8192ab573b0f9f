import type { ReporterRole, VictimRelation } from "../../db/schema/enums.ts";

/*
 * The answers each question offers. Labels live in locales (conversation.choice.<question>.<value>);
 * here are only the values and the words that count as typing that answer (WhatsApp users type,
 * and children type rather than press). Matching is done on normalised text, see text.ts.
 */

/** Who is writing, merged with whom it is about: the four people the leaflet speaks to. */
export const ROLE_OPTIONS = ["anak_diri", "anak_teman", "orang_tua", "guru", "lainnya"] as const;
export type RoleOption = (typeof ROLE_OPTIONS)[number];

export const ROLE_MEANING: Record<RoleOption, { role: ReporterRole; relation: VictimRelation }> = {
  anak_diri: { role: "anak", relation: "diri_sendiri" },
  anak_teman: { role: "anak", relation: "teman" },
  orang_tua: { role: "orang_tua", relation: "anak" },
  guru: { role: "guru", relation: "murid" },
  lainnya: { role: "lainnya", relation: "lainnya" },
};

export const DANGER_OPTIONS = ["ya", "tidak", "tidak_tahu"] as const;
export type DangerOption = (typeof DANGER_OPTIONS)[number];

export const WHAT_OPTIONS = [
  "dipukul",
  "diejek",
  "dijauhi",
  "siber",
  "seksual",
  "tidak_diurus",
  "dipaksa_kerja",
  "lainnya",
] as const;
export type WhatOption = (typeof WHAT_OPTIONS)[number];

export const WHEN_OPTIONS = ["sekali", "beberapa_kali", "masih_terjadi", "sudah_berhenti"] as const;
export type WhenOption = (typeof WHEN_OPTIONS)[number];

/** Consent to a reply in this chat and anonymity, in one question. */
export const CONTACT_OPTIONS = ["anonim", "nama", "tidak"] as const;
export type ContactOption = (typeof CONTACT_OPTIONS)[number];

export const STORY_OPTIONS = ["sudah"] as const;
export const SKIP_OPTIONS = ["lewati"] as const;
export const SUMMARY_OPTIONS = ["kirim", "ubah"] as const;
export const EDIT_OPTIONS = ["role", "danger", "what", "story", "child", "when", "contact", "kembali"] as const;
export type EditOption = (typeof EDIT_OPTIONS)[number];
export const RESTART_OPTIONS = ["lanjut", "ulang"] as const;
export const LANGUAGE_OPTIONS = ["id", "en"] as const;

/** Typed words that mean an option, per value; normalised (lower case, letters not repeated). */
export const SYNONYMS: Record<string, readonly string[]> = {
  ya: ["ya", "iya", "y", "yes", "bahaya", "iy", "yo", "betul", "benar", "bener"],
  tidak: ["tidak", "gak", "ga", "gk", "nggak", "ngak", "ngga", "enggak", "engak", "engga", "ndak", "no", "tdk", "aman", "nope"],
  tidak_tahu: [
    "tidak tahu", "tidak tau", "tdk tahu", "tdk tau", "gak tahu", "ga tahu", "gatau", "gak tau", "ga tau", "gk tau", "gtw",
    "nggak tahu", "ngak tau", "ngga tau", "enggak tahu", "engga tau", "kurang tahu", "kurang tau", "tau", "entah", "entahlah",
    "tidak yakin", "gak yakin", "ga yakin", "ragu", "don't know", "dont know", "not sure",
  ],
  // "Ada lagi?" is answered "gak" or "itu aja" as often as "sudah".
  sudah: [
    "sudah", "udah", "udh", "sdh", "lanjut", "selesai", "cukup", "done", "next", "ok", "oke",
    "tidak", "gak", "ga", "nggak", "tidak ada", "gak ada", "ga ada", "nggak ada", "itu aja", "itu saja", "no", "nothing",
  ],
  lewati: ["lewati", "lewat", "skip", "tidak tahu", "gak tau", "gatau", "ga tau", "rahasia"],
  // The summary asks "Sudah benar?": yes sends, no changes.
  kirim: ["kirim", "kirim laporan", "send", "benar", "sudah benar", "ya", "iya", "betul", "bener", "sudah", "udah", "ok", "oke", "yes"],
  ubah: ["ubah", "edit", "ganti", "salah", "koreksi", "change", "belum", "tidak", "gak", "no"],
  lanjut: ["lanjut", "lanjutkan", "continue"],
  ulang: ["ulang", "mulai dari awal", "dari awal", "restart", "baru"],
  kembali: ["kembali", "back", "batal ubah"],
  anonim: ["anonim", "tanpa nama", "boleh", "anonymous", "ya", "iya", "yes"],
  nama: ["nama", "pakai nama", "with my name"],
  id: ["indonesia", "bahasa indonesia", "indo"],
  en: ["english", "inggris", "bahasa inggris"],
};
