/*
 * The made-up people of the privacy tests and everything that identifies them. Every value is
 * distinctive on purpose (no seeded school, agency or log word contains one), so finding one in a
 * log line or a database column is a leak, never a coincidence.
 */

/** A parent who reports a child's abuse and leaves a name and phone number at the contact step. */
export interface Reporter {
  /** Telegram: chat id = user id (a private chat). WhatsApp: unused (the address is the number). */
  chatId: number;
  /** Their Telegram profile: sent with every update, stored nowhere. */
  profile: { firstName: string; lastName: string; username: string };
  /** Typed at "your name?": a name and the phone as people type it. */
  contactName: string;
  phoneTyped: string;
  /** The phone as the flow keeps it (tickets.reporter_phone). */
  phoneStored: string;
  /** The story, the child's age/school answer and a photo caption; each has its distinctive words. */
  story: string;
  child: string;
  caption: string;
  /** Words of the story, the child answer and the caption that appear nowhere else. */
  words: string[];
}

export const TELEGRAM_PARENT: Reporter = {
  chatId: 9_305_551_234,
  profile: { firstName: "Wiranata", lastName: "Kusumadewi", username: "wiranata_kusuma77" },
  contactName: "Ratna Wijayakusuma",
  phoneTyped: "0812-7788-4455",
  phoneStored: "081277884455",
  story: "Keponakan saya Melati dikurung Pakde Sukardiman di gudang kelontong Rawasari, lengannya lebam kebiruan",
  child: "umur 11 tahun, kelas 5 SD Tunas Cendekiawan",
  caption: "betisnya keunguan, difoto diam-diam",
  words: ["Melati", "Sukardiman", "kelontong", "Rawasari", "kebiruan", "dikurung", "Cendekiawan", "betisnya", "keunguan"],
};

/** A second Telegram parent, for the tests that need two reporters of one channel. */
export const SECOND_TELEGRAM_PARENT: Reporter = {
  chatId: 9_418_662_057,
  profile: { firstName: "Gilang", lastName: "Permadikusumo", username: "gilang_permadi88" },
  contactName: "Hendrawan Saputradinata",
  phoneTyped: "0813 5566 2299",
  phoneStored: "081355662299",
  story: "Cucu saya Kenanga dipukuli tetangga bernama Darmawangsa di bengkel Sidomulyo, punggungnya bengkak",
  child: "umur 8 tahun, kelas 2 SD Pelitabangsa",
  caption: "punggungnya menghitam pagi ini",
  words: ["Kenanga", "Darmawangsa", "Sidomulyo", "punggungnya", "Pelitabangsa", "menghitam"],
};

/** WhatsApp parents: the chat address is their own number, so it is a phone in every spelling too. */
export const WHATSAPP_PARENT: Reporter = {
  chatId: 0,
  profile: { firstName: "", lastName: "", username: "" },
  contactName: "Sulastri Purbaningrum",
  phoneTyped: "+62 857-3120-6648",
  phoneStored: "085731206648",
  story: "Anak tetangga bernama Seruni ditampar ayah tirinya Gondokusumo di warung Karangrejo tiap malam",
  child: "umur 9 tahun, kelas 3 SD Mekarsaribumi",
  caption: "pipinya bengkak sebelah kiri",
  words: ["Seruni", "ditampar", "Gondokusumo", "Karangrejo", "Mekarsaribumi", "pipinya"],
};

export const SECOND_WHATSAPP_PARENT: Reporter = {
  chatId: 0,
  profile: { firstName: "", lastName: "", username: "" },
  contactName: "Bambang Wicaksonoputro",
  phoneTyped: "0878-4409-1733",
  phoneStored: "087844091733",
  story: "Murid saya Anggrek dipaksa mengemis oleh pamannya Prawirodirjo di perempatan Tegalsari",
  child: "umur 10 tahun, kelas 4 SD Cemerlangjaya",
  caption: "tempat dia mengemis tiap sore",
  words: ["Anggrek", "mengemis", "Prawirodirjo", "Tegalsari", "Cemerlangjaya"],
};

/** WhatsApp's address for a number kept as 08…: 628…@c.us. */
export function whatsappAddress(reporter: Reporter): string {
  return `62${reporter.phoneStored.slice(1)}@c.us`;
}

/**
 * A phone number as it may be written anywhere: 0812…, +62812…, 62812…, grouped with dashes or
 * spaces, and the bare 812… core that every unbroken spelling contains.
 */
export function phoneSpellings(stored: string): string[] {
  const core = stored.slice(1);
  const groups = [core.slice(0, 3), core.slice(3, 7), core.slice(7)];
  return [stored, `+62${core}`, `62${core}`, core, `0${groups.join("-")}`, `0${groups.join(" ")}`, `+62 ${groups.join("-")}`, `+62 ${groups.join(" ")}`];
}

/** What identifies or reaches the reporter: names, phone spellings, chat and user ids, username. */
export function identifiersOf(reporter: Reporter, options: { channel: "telegram" | "whatsapp" }): string[] {
  const names = reporter.contactName.split(" ");
  const found = [reporter.contactName, ...names, reporter.phoneTyped, ...phoneSpellings(reporter.phoneStored)];
  if (options.channel === "telegram") {
    const { firstName, lastName, username } = reporter.profile;
    // The chat id as a number covers the "m:<chat>:<message>" idempotency keys and spool file names too.
    found.push(String(reporter.chatId), `m:${reporter.chatId}:`, `m_${reporter.chatId}_`, firstName, lastName, username, `@${username}`);
  } else {
    found.push(whatsappAddress(reporter));
  }
  return [...new Set(found)];
}

/** The needles found in `haystack`, case-insensitively; an empty list means nothing leaked. */
export function foundIn(haystack: string, needles: readonly string[]): string[] {
  const lower = haystack.toLowerCase();
  return needles.filter((needle) => lower.includes(needle.toLowerCase()));
}

/**
 * The status PIN is four digits: as bare digits it turns up by chance in timestamps and ids, so it
 * is looked for the way it would leak: after "PIN", or after its ticket code (a typed /status).
 */
export function pinLeaks(haystack: string, code: string, pin: string): string[] {
  const patterns = [new RegExp(`PIN\\W{0,3}${pin}(?!\\d)`, "i"), new RegExp(`${code}\\W{1,3}${pin}(?!\\d)`, "i"), new RegExp(`"pin"\\s*:\\s*"?${pin}(?!\\d)`, "i")];
  return patterns.filter((pattern) => pattern.test(haystack)).map((pattern) => pattern.source);
}
