/*
 * What the triage looks for, written as phrases (see patterns.ts for the notation). Every word
 * is a root or a plain spelling: slang, digits-for-letters, affixes and doubling are undone
 * before matching, so "dipukulin", "mukul" and "d1pukul1n" all reach "pukul".
 *
 * Rules say what kind of thing they found; triage.ts decides priority and category from the
 * kinds together (who did it, when, whether it is denied, asked about or over).
 */

export const CLASSES = new Map<string, readonly string[]>([
  [
    "hit",
    [
      "pukul", "tonjok", "tinju", "tampar", "tabok", "gampar", "tempeleng", "tendang", "sepak", "gebuk", "gebuki", "hajar", "keroyok",
      "jambak", "cubit", "jewer", "cekik", "banting", "injak", "idek", "dorong", "sikut", "jitak", "getok", "toyor", "pentung", "cambuk",
      "sabet", "lecut", "sundut", "aniaya", "siksa", "jotos", "jotosi", "bogem", "timpuk", "gaplok", "kemplang", "antem", "antemi", "gepuk",
      "tapuk", "kaplok", "geplak", "gedor", "lempar", "smack", "hit", "hits", "punch", "punched", "slap", "slapped", "beat", "beats", "kicked", "trip", "tripping", "tripped", "pushed", "shove", "shoved", "smackdown", "gigit", "seret",
      "jegal", "pithes", "kepung", "gebug", "pelintir", "dobrak", "senggol", "sentil", "tabrak", "slepet", "sambit", "sepak", "tendangi", "pukuli", "bacok", "tusuk", "gorok", "keplak", "tabokin", "jorokin", "jorok2",
    ],
  ],
  ["weapon", ["pisau", "piso", "golok", "celurit", "clurit", "arit", "parang", "sajam", "pistol", "senpi", "pedang", "samurai", "cutter", "kater", "linggis", "gir", "badik", "keris", "tombak", "panah", "busur", "airsoft"]],
  [
    "actor_child",
    [
      "teman", "kakak+kelas", "kakel", "adik+kelas", "adkel", "senior", "junior", "geng", "gank", "anak2", "anak+kelas", "anak+smk", "anak+sma",
      "anak+smp", "anak+sd", "sekelas", "murid", "siswa", "siswi", "cowok2", "cowo2", "cewek2", "cewe2", "mereka", "bocah", "kakak", "sepupu",
      "ketua+kelas", "pacar", "mantan", "classmate", "classmates", "temen2", "kancane", "kanca", "kawan2", "bestie", "bully", "pembully",
    ],
  ],
  [
    "actor_adult",
    [
      "ayah", "ibu", "orangtua", "orang+tua", "tiri", "om", "paman", "pakde", "pakdhe", "bude", "budhe", "tante", "bibi", "kakek", "nenek",
      "mbah", "tetangga", "guru", "wali+kelas", "walas", "kepala+sekolah", "kepsek", "ustadz", "ustad", "ustaz", "pelatih", "coach",
      "satpam", "penjaga", "sopir", "supir", "majikan", "bos", "juragan", "calo", "warga", "bapak2", "om2", "ibu2", "orang+dewasa",
      "tukang", "wali+murid", "dad", "mom", "papa", "mama", "abah", "mamak", "pacar+mama", "pacar+ibu", "suami", "preman", "dosen", "pembina",
      "kyai", "kiai", "pengasuh", "tetangga", "mantan+suami", "ayah+tiri", "ipar", "kakak+ipar", "paman", "wong+tuo", "wongtuo", "orangtua", "stepdad", "stepmom", "boyfriend", "penyidik", "pakde", "pakdenya", "engkong", "pembantu", "babysitter", "driver", "ojol", "bapak", "simbok", "pakdhe",
    ],
  ],
  ["present", ["sekarang", "lagi", "sedang", "masih+di", "barusan", "saat+ini", "malam+ini", "nih", "right+now"]],
  ["insult_word", [
    "bodoh", "goblok", "goblog", "tolol", "bego", "idiot", "gendut", "jelek", "item", "hitam", "dekil", "aneh", "miskin", "banci", "bencong",
    "lemot", "lembek", "sampah", "babi", "monyet", "anjing", "kerbau", "gajah", "cacat", "pincang", "haram", "ndeso", "kampungan", "sial",
    "cengeng", "bau", "kafir", "yatim", "pelacur", "lonte", "jalang", "failure", "stupid", "ugly", "fat", "tonggos", "pesek", "cupu",
    "culun", "autis", "gila", "sinting", "bangsat", "kampung", "buluk", "bengkak", "karung", "gagap", "pendek", "kurus", "cebol", "lumpuh", "pungut", "useless", "embarrassing", "loser", "freak",
  ]],
  ["body_private", [
    "dada", "payudara", "tete", "toket", "susu", "pantat", "bokong", "paha", "pupu", "kemaluan", "kelamin", "vagina", "penis", "burung",
    "titit", "anu", "alat+vital", "bagian+pribadi", "area+pribadi", "bagian+sensitif", "area+sensitif", "celana", "rok", "dalam+baju",
    "selangkangan", "bagian+bawah", "private",
  ]],
  ["clothes", ["baju", "sarung", "celana", "rok", "pakaian", "bh", "cd", "daleman", "kaos", "seragam", "kerudung", "jilbab"]],
  ["medium", [
    "dm", "chat", "grup", "group", "grop", "gc", "wa", "whatsapp", "ig", "instagram", "story", "sg", "snapgram", "tiktok", "fb", "facebook", "twitter",
    "base", "telegram", "akun", "online", "onlen", "medsos", "sosmed", "komen", "komentar", "comment", "posting", "post", "upload", "viral",
    "screenshot", "ss", "meme", "stiker", "sticker", "youtube", "yt", "discord", "game", "roblox", "ml", "ff", "status", "internet",
    "doxing", "dispam", "spam", "hate", "tag", "live", "snapchat", "line", "confess", "menfess",
  ]],
  ["school", ["sekolah", "kelas", "istirahat", "kantin", "toilet", "wc", "upacara", "ekskul", "mpls", "mos", "guru", "gerbang", "pelajaran", "lapangan", "uks", "perpus", "osis", "sekula"]],
  ["home", ["rumah", "kamar", "keluarga"]],
  ["child_noun", ["anak", "adik", "ponakan", "keponakan", "cucu", "putri", "putra", "murid", "siswa", "siswi", "teman", "bayi", "balita"]],
  ["time_word", ["pagi", "siang", "sore", "malam", "subuh", "setengah", "tepat", "wib", "wita", "wit", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh", "sebelas", "berapa"]],
]);

/** What a rule found; triage.ts turns the kinds into a priority and a category. */
export const HARMS = [
  "self_harm",
  "sexual",
  "sexual_exploitation",
  "child_sold",
  "weapon",
  "attack_now",
  "threat_kill",
  "unsafe_home",
  "captive",
  "missing",
  "severe_injury",
  "injury",
  "physical",
  "extortion",
  "verbal",
  "threat",
  "social",
  "bully",
  "conflict",
  "cyber",
  "neglect_acute",
  "neglect",
  "exploitation",
  "abh",
  "napza",
  "discrimination",
  /** "kekerasan", "KDRT" with nothing more specific: counts only when nothing else says what happened. */
  "violence",
  /** "kekerasan psikis" named. */
  "psych",
] as const;
export type Harm = (typeof HARMS)[number];

const HARM_NAMES: ReadonlySet<string> = new Set(HARMS);

/** A rule finds either a harm or a marker (a reading of the sentence around harms). */
export function findsHarm(finds: Harm | Marker): finds is Harm {
  return HARM_NAMES.has(finds);
}

export const MARKERS = [
  /** Long ago and over: past sexual abuse or self-harm is tinggi, not darurat. */
  "past",
  /** "sudah berhenti", "udah gak lagi": the harm stopped. */
  "stopped",
  /** A one-off said to be over: "cuma sekali", "udah baikan". */
  "resolved",
  /** "kalau", "misalnya": what follows is supposed, not told. */
  "hypothetical",
  /** Asking about rules or the service: "apa itu", "termasuk … gak" (not "aku harus gimana", which asks for help with a real event). */
  "asking",
  /** The harm is happening over and over, or the perpetrator is still close. */
  "ongoing",
  /** Greetings, tests, thanks, laughter, spam: not a report. */
  "greeting",
  "spam",
  "chatter",
  /** Distress without a named harm: a person should read it. */
  "distress",
  /** Questions about the hotline itself. */
  "service",
  /** Said through a phone or online: bullying there is perundungan siber. */
  "medium",
] as const;
export type Marker = (typeof MARKERS)[number];

/** Words that make what follows supposed, not told: "kalau temen aku dipukul …". */
export const SUPPOSING = ["kalau", "misalnya", "seandainya", "andai", "andaikan", "jika", "apabila", "bila", "umpama", "seumpama", "jikalau"] as const;

export interface Rule {
  id: string;
  finds: Harm | Marker;
  weight: number;
  patterns: readonly string[];
}

/* Self-harm and suicide: direct, indirect, and the acts. */
const SELF_HARM: Rule[] = [
  {
    id: "self_harm.overdose",
    finds: "self_harm",
    weight: 100,
    patterns: [
      "minum|nelen|telan|menelan|tenggak|minum ~~ obat|pil ~ banyak|banyak2|sebanyak|semua|sekaligus|sepapan|sebotol|sestrip",
      "obat ~ sebanyak|sebanyak2nya|sepapan",
    ],
  },
  {
    id: "self_harm.suicide_words",
    finds: "self_harm",
    weight: 100,
    patterns: [
      "bunuh+diri", "=bundir", "=suicide", "=suicidal", "kill+myself", "end+my+life", "end+it+all", "=selfharm", "self+harm", "=sh",
      "gantung+diri", "akhiri|akhir|mengakhiri ~ hidup|nyawa|semua|semuanya|segalanya", "=overdosis", "lukai|luka|sakiti|nyakitin|celakai ~ diri",
      "melukai|menyakiti+diri", "want+to+die", "wanna+die", "see+you+never", "see+u+never", "=cutting",
    ],
  },
  {
    id: "self_harm.wish_to_die",
    finds: "self_harm",
    weight: 95,
    patterns: [
      "mau|kepikiran|niat|mikir ~ mati|ilang|hilang|lenyap|menghilang|tiada|pergi+selamanya|pergi+jauh|nyusul",
      "mending|mendingan|lebih+baik|better|luwih+becik ~ aku ~ mati|tiada|ilang|hilang|tidak+ada|tidak+usah+ada|tidak+lahir|pergi",
      "mending|mendingan|lebih+baik ~ mati|tiada",
      "capek|bosan|bosen|muak|jenuh|males|wegah ~ hidup|jalanin+hidup",
      "tidak|=mak ~ mau|kuat|sanggup|pengen ~ hidup",
      "tidak|=mak ~ kuat|sanggup|tahan ~ lagi",
      "sudah+tidak|=wes+=ra|=wis+=ora|=wes+=ora|=wis+=ra ~ kuat|sanggup|tahan",
      "hidup ~ tidak ~ guna|gunanya|berguna|arti|artinya|berarti|ada+gunanya",
      "buat+apa|untuk+apa|ngapain ~ aku ~ hidup", "buat+apa|untuk+apa|ngapain ~ hidup",
      "tidur ~ selamanya|selamaya", "tidur ~ tidak ~ bangun ~ lagi", "tidak ~ mau|usah|pengen ~ bangun+lagi", "aku ~ tidak ~ bangun+lagi", "semoga|moga ~~ tidak ~ bangun",
      "surat|catatan|pesan|tulisan ~~ pamit|pamitan", "=pamitan",
      "nyusul ~ ayah|ibu|simbok|almarhum|alm|almarhumah|kakek|nenek|mbah",
      "kalau ~ aku ~ mati|tiada|ilang|hilang|pergi ~~ peduli|sedih|nyari|nyariin|cari|nangis|ingat|inget|kangen|sadar",
      "kalau ~ aku ~ mati|tiada",
      "dunia|semua|semuanya|mereka|keluarga ~ lebih ~ baik|bahagia|tenang|senang ~ tanpa ~ aku",
      "tanpa ~ aku ~ semua|mereka|dunia ~ lebih", "jangan+cari+aku", "jangan+cariin+aku",
      "pamit ~ semua|semuanya|selamanya|dunia", "selamat+tinggal", "=goodbye", "pesan|surat ~ terakhir", "surat+wasiat",
      "surat ~ buat|untuk ~ ayah|ibu|keluarga|semua", "tulis|nulis ~ surat ~ buat|untuk ~ ayah|ibu",
      "barang ~ aku ~ kasih ~ ke", "mati ~ aja|saja|wae|gawoh", "bagi2in|bagiin|bagikan|kasihin ~~ barang", "titip ~ salam", "nyiapin|siapin|kumpulin|nyiapkan ~~ pil|obat|tali|racun|silet", "tidak ~ ngerepotin|nyusahin|merepotkan ~ lagi",
      "tidur ~~ tidak ~ bangun ~ lagi", "tidur ~ terus ~ tidak ~ bangun", "tangan|lengan ~~ sayat|sayat2|silet|silet2|gores2|kegores2", "tidak+usah|jangan ~ cari|cariin|nyari|nyariin ~ aku", "makasih|terima+kasih ~~ selama+ini", "berdiri|duduk ~ di ~ atap|pinggir|tepi ~~ lantai|gedung|jembatan|ruko|sekolah", "ngerepotin|nyusahin|merepotkan|ngerepotin ~~ selama+ini", "biar ~ selesai|berakhir|tenang+semua",
      "lebih ~ baik|tenang|bahagia|senang ~~ kalau ~~ tidak ~ ada ~ aku", "kalau ~ tidak ~ ada ~ aku", "pengen+mati", "done+with+everything", "=unalive",
    ],
  },
  {
    id: "self_harm.act",
    finds: "self_harm",
    weight: 100,
    patterns: [
      "=nyilet|=menyilet|=nyilet2|=nyayat|=menyayat|=silet|=sayat|=ngegores|=nggores|=gores|=iris|=ngiris ~ tangan|lengan|paha|nadi|pergelangan|kulit|diri|sendiri|lagi",
      "=nyilet|=nyilet2|=menyilet|=nyayat|=menyayat|=nyiletin", "=nyakar|=nyakar2|=nyakarin|cakar ~ lengan|tangan|paha",
      "minum|nelen|telan|menelan|tenggak|minum ~ racun|baygon|obat+nyamuk|pembersih|pemutih|soklin|detergen|autan|bayclin|porstex",

      "loncat|lompat|terjun|jatuhin ~ dari|dr ~ jembatan|gedung|lantai|atap|tower|rooftop|flyover",
      "iket|ikat|ngiket|ngikat|pasang ~ tali ~~ kusen|pintu|plafon|leher|atap|kipas|pohon", "kumpulin|ngumpulin|kumpulkan ~~ obat|pil",
      "obat|pil ~~ telen|telan|nelen|minum|tenggak ~~ semua|sekaligus", "aku ~ gores|gores2|silet|sayat|iris ~~ cutter|silet|pisau|kater|beling|peniti|jarum|kaca", "tangan|lengan ~~ garis2|goresan|sayatan",
      "bekas ~ sayatan|silet|sayat|cutting",
      "di ~ atap|rooftop ~~ tidak ~ kuat",
      "tangan|lengan ~ aku ~ gores|kegores|berdarah ~~ pisau|cutter|silet", "pisau|cutter|silet ~~ tangan ~ aku ~ gores|kegores|berdarah",
    ],
  },
];

const SEXUAL: Rule[] = [
  {
    id: "sexual.named",
    finds: "sexual",
    weight: 95,
    patterns: [
      "perkosa", "cabul", "leceh", "pelecehan", "raba", "raba2", "grepe", "grepe2", "grayang", "grayangi", "sodomi", "setubuh", "persetubuhan",
      "gauli", "tiduri", "=ngewe", "=ngentot", "=digituin", "=digituin2", "=gituin", "kekerasan+seksual", "=seksual", "=sexual", "=mesum",
      "=molested", "=raped", "=rape", "=harassment", "=harass", "=grooming", "=pedofil", "=predator", "tidak+senonoh", "=asusila",
      "=vcs", "video+call+sex", "=sexting", "=bokep", "=porno", "=pornografi", "=nude", "=nudes", "=bugil", "=telanjang", "tanpa+busana",
      "=coli", "=onani", "=masturbasi", "=sange", "=horny", "berhubungan+badan", "hubungan+badan", "=intim",
    ],
  },
  {
    id: "sexual.euphemism",
    finds: "sexual",
    weight: 90,
    patterns: [
      "pegang2|elus2|usap2|colek2|remas2|peluk2|cium2|raba2|grepe2|gerayangi",
      "pegang|megang|sentuh|remas|elus|colek|usap|ngelus|cium|gesek|gesekin|jilat ~ @body_private",
      "=dicium|=diciumin|=nyium|=menciumi|=mencium|=ciumin ~ paksa|bibir|leher|aku|terus",
      "cium ~ paksa", "peluk|meluk ~ paksa",
      "buka|lepas|copot|bukain|lepasin|membuka|melepas|tanpa|gak+pake|tidak+pakai|tidak+pake ~ @clothes", "@clothes ~ dibuka|dilepas|dicopot|dicopoti|dilepasin|dibukain|dicopotin",
      "ganti ~ baju ~~ rekam|direkam|difoto|foto|video|intip", "rekam|direkam|difoto|video ~~ ganti+baju|mandi", "touch|touches|touched|touching ~ me|my",
      "paksa ~ cium|ciuman|peluk|meluk|ciuman", "nginep|menginap|nginap ~~ kos|kosan|kost|hotel|penginapan", "dokter2an", "=dokter-dokteran", "=begituan", "=gituan", "minta ~ dipijitin|pijitin|dipijat|pijit", "gitu2an", "jemput ~~ om|om2|bapak2|pria ~~ malam|mobil|hotel",
      "tiri|om|paman|pakde|pakdhe|stepdad ~~ masuk ~ kamar", "tangan|tangannya ~~ masuk ~~ baju|celana|rok", "tidur ~ di ~ kasur ~ aku", "minta+jatah", "=berbuat+tidak+senonoh", "baju|celana|rok ~ berantakan|acak2an|robek", "aneh|aneh2 ~~ ke ~ badan|tubuh",
      "ajak|bawa|suruh|paksa|tarik|seret|masuk ~ ke|kedalam|dalam ~ kamar|hotel|penginapan|losmen|gudang|semak|kebun|kos|kost|wc|toilet ~~ tidak ~ mau",
      "ajak|bawa|suruh|paksa|tarik|seret ~ ke|masuk ~ kamar|hotel|penginapan|losmen|gudang|semak|kos|kost",
      "masuk ~ kamar ~ aku ~~ malam|malem|tengah",
      "main ~ rahasia", "rahasia ~ kita ~ berdua", "rahasia+kita",
      "foto|video|pap|vidio ~ tanpa|gak+pake|tidak+pakai ~ @clothes", "foto|video|pap ~ @body_private", "foto|video ~ kelamin|syur|dewasa|jorok",
      "kirim|minta|mintain ~~ foto|video|pap ~~ bugil|telanjang|dada|badan|seksi|sexy|vulgar|@clothes",
      "pap+tt", "tunjukin ~ @body_private", "ngelakuin|ngelakukan|melakukan|lakuin ~ =itu", "hal+tidak+senonoh", "duduk ~ pangku|pangkuan", "=dipangku", "sebar|sebarin|nyebar|upload ~~ video|foto ~ kita|berdua|intim|pribadi",
      "nonton|tonton|ditunjukin|dikasih+lihat|dikasih+liat|suruh+nonton ~ video|film ~ dewasa|porno|jorok|bokep",
      "intip|ngintip ~ mandi|ganti|kamar+mandi", "hamilin", "=dihamili",
      "tidur ~ bareng|sama ~ om|ayah+tiri|paman",
    ],
  },
];

const VIOLENCE: Rule[] = [
  { id: "physical.hit", finds: "physical", weight: 60, patterns: ["@hit", "pukul2|tendang2|jambak2|dorong2|tonjok2|cubit2|gebuk2|tabok2", "narik|tarik|jewer ~ kuping|telinga|rambut", "siram ~ air+panas|air+mendidih|bensin|minyak", "disundut|sundut ~ rokok", "main+tangan", "main+fisik", "ambil+paksa", "=dipites", "=ditabok", "=nyabet", "=disabet", "=dipentung"] },
  { id: "physical.extortion", finds: "extortion", weight: 55, patterns: ["palak", "=dipalakin", "pemalakan", "=malak", "=dipalak", "duit|uang ~ jajan ~ diambil|rampas|ambil", "nodong|todong|ditodong"] },
  { id: "physical.fight", finds: "physical", weight: 40, patterns: ["berantem", "gelut", "kelahi", "perkelahian", "keroyok"] },
  { id: "violence.named", finds: "violence", weight: 30, patterns: ["=kekerasan", "=kdrt", "=penganiayaan", "kekerasan+fisik"] },
  { id: "psych.named", finds: "psych", weight: 40, patterns: ["kekerasan+psikis", "kekerasan+verbal", "kekerasan+mental", "kekerasan+emosional"] },
  { id: "verbal.quarrel", finds: "conflict", weight: 30, patterns: ["ribut", "cekcok", "bertengkar", "=adu+mulut"] },
  { id: "weapon.named", finds: "weapon", weight: 95, patterns: ["@weapon", "senjata", "=bacok", "=dibacok", "=membacok", "=tusuk", "=nusuk", "=ditusuk", "=menusuk", "=gorok", "=tembak", "=ditembak", "=nembak"] },
  {
    id: "attack.now",
    finds: "attack_now",
    weight: 95,
    patterns: [
      "@present ~ @hit", "@present ~ ngamuk|mengamuk|kalap", "ngamuk|mengamuk ~~ @hit", "ngamuk ~ di+rumah",
      "@hit ~~ minta+ampun", "minta+ampun", "kejar|ngejar ~~ @weapon", "@present ~ kejar|ngejar|dikejar", "=dikejar2 ~~ @present",
      "gedor ~ pintu", "tunggu|nunggu|nungguin|tungguin ~~ gerbang|depan|luar|pulang ~~ @weapon",
      "ngumpet|sembunyi ~ di ~ lemari|kamar+mandi|wc|kamar|kolong",
    ],
  },
  {
    id: "threat.kill",
    finds: "threat_kill",
    weight: 95,
    patterns: [
      "bunuh", "matiin", "=lenyapin", "=maehan", "=paehan", "kill+me", "kill+you", "mau|akan|bakal|ancam ~ bikin+mati",
      "kamu ~ mati ~ di|besok|nanti", "besok|nanti ~ kamu ~ mati", "mampus+kamu", "ambil|habisin|ngabisin|cabut|habisi ~ nyawa", "=celakain", "=bacok", "=tusuk",
    ],
  },
  {
    id: "threat.finish",
    finds: "threat_kill",
    weight: 80,
    patterns: ["habisin", "=ngabisin", "=dihabisin", "=menghabisi"],
  },
  {
    id: "threat.words",
    finds: "threat",
    weight: 40,
    patterns: ["ancam", "=ngancem", "=diancem", "=ngancam", "teror", "intimidasi", "takut2in", "=nakut2in", "ngerjain ~ aku", "bikin ~ aku|kamu ~ nyesel|menyesal", "perhitungan", "awas ~ kamu", "tahu ~ rumah|alamat|sekolah ~ kamu"],
  },
  {
    id: "injury.severe",
    finds: "severe_injury",
    weight: 95,
    patterns: [
      "pingsan", "tidak ~ sadar|sadarkan", "=tergeletak", "tidak ~ menyahut|bergerak|merespon|respon|nafas|napas", "=kejang", "kejang2", "sekarat", "koma", "kritis", "patah", "bocor", "gegar+otak",
      "berdarah2|darah2", "darah|darahnya ~ banyak|tidak+berhenti|tidak+berenti|ngucur|mengucur", "banyak+darah", "luka ~ parah|berat|dalam",
      "tidak ~ bisa ~ bangun|gerak|digerakin|digerakkan|jalan|napas|nafas|ngadeg", "tidak+bangun2", "tidak+bangun", "muntah+darah",
      "mulut ~ berbusa|busa", "=melepuh", "tidak+sadarkan+diri", "=nganti+ra+iso+ngadeg",
      "muntah2 ~~ pusing|lemas|lemes", "pusing|lemas|lemes ~~ muntah|muntah2", "pelipis|kepala|kepalanya|pelipisnya ~~ sobek|bocor", "ra+iso+ngadeg", "iso+ngadeg",
    ],
  },
  {
    id: "injury.visible",
    finds: "injury",
    weight: 70,
    patterns: [
      "berdarah", "darah", "luka", "memar", "lebam", "biru2", "=biru", "bengkak", "benjol", "lecet", "sobek", "=bonyok", "babak+belur",
      "bekas ~ pukul|cambuk|sabuk|ikat|sundut|luka|rokok", "mimisan", "=perban", "=diperban", "=gigi ~ copot|patah", "=bekasnya",
    ],
  },
  {
    id: "verbal.insult",
    finds: "verbal",
    weight: 45,
    patterns: [
      "ejek", "ejek2", "olok", "olok2", "ledek", "ledekin", "hina", "maki", "cela", "=dikatain", "=ngatain", "=katain", "=dikatai", "=mengatai", "=ngatai",
      "kata2", "=dikata2in", "poyok", "poyoki", "=ngece", "=diece", "=nyeneni", "=diseneni", "seneni", "=dicengin", "cengin", "bentak", "bentak2",
      "=omelin", "=diomelin", "marah|marahin ~ terus|tiap|setiap|abis2an", "=dimarahin", "=dimarahi", "=memarahi", "=marah2", "=teriakin",
      "=diteriakin", "=ngetawain", "=diketawain", "=ditertawakan", "=disoraki", "niruin|nirukan|tirukan|tiru|ditirukan ~ logat|cara|suara|gaya|bicara",
      "=body+shaming", "=bodyshaming", "=body+shame", "shaming", "=dishaming", "roasting", "=diroasting", "=roast", "sindir",
      "bilang|panggil|sebut|julukin|teriakin|teriak|katain|kata|cap|dibilang|dipanggil|manggil ~~ @insult_word", "polling|voting|ranking|daftar ~~ @insult_word", "gorowok|ngagorowok|bentak|sentak",
      "logat|cara+bicara|suara|gaya|cara+ngomong|bicaranya ~~ ditiru|ditirukan|diikutin|ditiruin", "dihukum ~~ berdiri ~~ depan",
      "dikalungi|kalungin|dikalungin ~~ tulisan",
      "suruh|nyuruh ~~ berdiri ~~ depan ~ kelas",
      "@insult_word ~ kayak|kaya|seperti", "banding2in|bandingin|compares", "=failure", "permalukan|malu2in|mempermalukan",
      "=goblok", "=anak+haram", "=ngunekke", "=diunekke", "=asu", "sujud+minta+maaf", "=nyesel ~ lahirin", "tidak ~ berguna|guna ~ kamu|aku",
    ],
  },
  {
    id: "social.exclusion",
    finds: "social",
    weight: 40,
    patterns: [
      "kucil", "kucilin", "diemin", "=didiemin", "silent+treatment", "=ghosting", "=dighosting", "jangan ~ temenan|berteman|deket|main ~ sama|dengan ~ aku|dia",
      "tidak ~ mau ~ duduk|makan|main|temenan ~ bareng|sama|dengan", "dilarang|tidak+boleh ~ ikut ~ main|gabung|nimbrung", "coret ~~ kelompok|daftar|grup", "tidak ~ ngajak|ajak ~ aku", "=dijauhi", "=dijauhin", "=ngejauhin", "=menjauhi", "=jauhin", "=dijauhkan", "cuekin", "=dikacangin", "asing", "boikot",
      "tidak ~ ada ~ yang ~ mau|pernah|gelem ~~ duduk|temenan|berteman|main|sekelompok|ngajak|ngobrol|sebangku|dolan|nyapa|bicara",
      "tidak|=ra|=ora ~ diajak|diundang|ditemenin|ditemani|dianggap|diajak+main|diajak+dolan|disapa", "tidak ~ pernah ~ diajak|diundang",
      "left+out", "=loner", "sisa+sendiri", "sendirian+terus", "makan+sendiri", "makan+sendirian", "dikeluarin|dikeluarkan|kick|dikick|keluarin ~ dari|dr ~ grup|kelompok|geng|circle",
      "tidak ~ ngomong|bicara|ngajak ~ sama|dengan ~ aku", "tidak ~ mengajak ~ dia ~ bicara", "ninggalin ~ aku", "=ditinggal ~ saat|waktu|pas ~ kerja+kelompok",
      "gosip|gosipin|rumor|fitnah|isu", "pindah+tempat+duduk", "tidak ~ keliatan|dianggap+ada", "ditinggal|ditinggalin ~ teman",
    ],
  },
  {
    id: "bully.named",
    finds: "bully",
    weight: 45,
    patterns: ["bully", "=dibully", "=dibuli", "=buli", "=dibuly", "=bullying", "rundung", "perundungan", "=cyberbully", "=cyberbullying", "=cyberbullied", "=bullied", "=dirundung", "=bulian", "=ngebully", "=nge-bully", "=membully"],
  },
  {
    id: "cyber.exposure",
    finds: "cyber",
    weight: 45,
    patterns: [
      "=cyberbully", "=cyberbullying", "=dicyberbully", "=di-cyberbully", "diedit|edit ~ foto|wajah|muka|jadi", "foto|fotoku|wajah|muka|video ~ diedit|edit",
      "sebar|disebar|nyebar|nyebarin|sebarin|disebarin|upload|diupload|viralin|posting|rekam|direkam ~~ foto|video|chat|aib|alamat|nomor|data|gosip",
      "foto|fotoku|video|chat|aib|alamat ~~ disebar|sebar|diupload|upload|viral", "akun ~ fake|palsu|anonim|kloningan", "read ~ doang", "=doxing", "=dispam",
      "bahan ~ meme", "jadiin|dijadiin|dijadikan ~ meme|bahan|stiker|lelucon", "unggah|diunggah|upload ~~ reels|story|tiktok|ig|caption", "=reels", "digawe+stiker", "=teror ~~ game|chat|dm",
    ],
  },
];

const CARE: Rule[] = [
  {
    id: "home.unsafe",
    finds: "unsafe_home",
    weight: 95,
    patterns: [
      "takut|wedi ~ pulang|mulih|balik", "tidak|=ra ~ berani|bisa|mau|wani|gelem ~ pulang|mulih|balik|keluar", "tidak ~ boleh ~ pulang|masuk", "tidak ~ boleh ~ masuk ~ rumah", "usir", "=diusir", "kabur|minggat ~ dari|dr ~ rumah",
      "=kabur ~~ sekarang|skrg|di ~ warnet|terminal|masjid|teras|jalan", "tidak ~ punya|ada ~ tempat ~ tidur|tinggal|nginep|pulang", "tidak ~ tahu ~ mau ~ tidur ~ dimana|mana",
      "tidur ~ di ~ jalan|emperan|masjid|pos|terminal|kolong", "ditinggal|ditinggalin ~~ di ~ pom|jalan|terminal|pasar|stasiun|pinggir|spbu", "nginep ~ di ~ warnet|terminal|masjid",
      "takut ~ tidur ~ sendiri", "angkat+kaki", "=minggat", "wedi+turu", "ngumpet ~ di ~ kebon|kebun|rumah+tetangga|warnet", "lari ~ ke ~ rumah ~ tetangga|teman",
      "=jangan ~ pulang", "tidak+mau+pulang",
    ],
  },
  {
    id: "captive",
    finds: "captive",
    weight: 90,
    patterns: ["tidak ~ boleh ~ keluar|pulang", "hp ~ disita|diambil|dirampas", "=disekap", "sekap", "=dikurung ~~ berhari|minggu|hari", "tidak ~ bisa ~ dihubungin|dihubungi|kabur|keluar"],
  },
  {
    id: "missing",
    finds: "missing",
    weight: 95,
    patterns: [
      "@child_noun ~~ hilang|ilang|menghilang", "@child_noun ~~ sendirian|sendiri ~~ nangis|menangis", "tidak ~ tahu ~ rumahnya", "tidak ~ tahu ~~ dimana|di+mana", "@child_noun ~~ belum|tidak ~ pulang|balik|ketemu|ada+kabar", "belum ~ pulang|balik|ketemu ~~ sejak|dari|dr|sampai|sampe",
      "culik", "=diculik", "penculikan", "dibawa ~ orang|kabur|lari|pergi ~~ tidak ~ dikenal|kenal", "dibawa ~ orang ~ tidak+dikenal", "tidak ~ ada ~ yang ~ tahu ~ dia ~ dimana",
      "hp|handphone|nomor|wa|whatsapp ~ tidak ~ aktif", "=hpnya|=nomornya|=wanya ~ mati|nonaktif", "tidak ~ bisa ~ dihubungin|dihubungi", "=ilang ~ besok", "belum+ketemu",
    ],
  },
  {
    id: "neglect.acute",
    finds: "neglect_acute",
    weight: 70,
    patterns: [
      "tidak ~ dikasih|diberi|dikasi|kasih|beri ~ makan|makanan|mangan", "tidak ~ ada ~ makanan|panganan|makan", "kelaparan", "=mak+ngedok+mengan",
      "tidak+makan ~ dari|sejak", "hari ~ tidak+makan", "belum ~ makan ~ dari|sejak",
      "ditinggal|ditinggalin|tinggal ~~ sendiri|sendirian|dewe|berhari|seminggu|minggu|telung+dino|hari",
      "kunci|kurung|kunciin|dikunci|dikurung ~~ kamar+mandi|wc|gudang|kamar|rumah|luar|kandang", "=dikurung", "kurung",
      "tidak ~ mau|dibawa|diobati|diobatin|berobat ~~ dokter|puskesmas|rumah+sakit|rs|bidan|berobat",
      "sakit ~~ dibiarin|dibiarkan", "terlantar", "telantar", "ditelantarkan", "penelantaran", "=dibuang", "pergi ~ tidak ~ pulang2|pulang",
      "demam ~~ hari", "mak+mulang", "ayah|ibu|orangtua|ortu ~~ tidak ~ pulang", "makan ~ mie ~ mentah", "tidak ~ dibere|dikasih ~ dahar|makan", "tidak ~ pulang2", "tidak ~ ada ~ yang ~ jemput", "tanpa ~ sarapan|makan", "kunci ~ di ~ luar",
    ],
  },
  {
    id: "neglect.care",
    finds: "neglect",
    weight: 45,
    patterns: [
      "tidak ~ disekolahin|disekolahkan|usah+sekolah|sekolah+lagi|dibayarin|dibelikan|dibeliin",
      "putus+sekolah", "tidak ~ ada ~ yang ~ ngurus|ngurusin|urus|merawat|peduli|nanya|nanya2", "tidak ~ diurus|terurus|dirawat|diperhatiin|dipedulikan|pernah+peduli",
      "=jaga+adik ~~ sekolah", "jagain+adek", "tidak ~ pernah ~ diganti|dimandiin|dimandikan", "sering+tertidur", "cari+sendiri",
      "dititipin|dititipkan", "tidak ~ pernah ~ datang|peduli|ambil+rapor|ditanyain|ditanya|dimasakin|dimasakkan|diurus|diperhatiin", "rapor|raport ~~ tidak ~ diambil",
      "jaga|jagain|ngurus|ngasuh ~ adik|adik2", "tidak ~ dianggap|dianggep",
    ],
  },
  {
    id: "exploitation.work",
    finds: "exploitation",
    weight: 70,
    patterns: [
      "suruh|paksa|meksa|maksa|disuruh|dipaksa ~~ kerja|bekerja|ngamen|ngemis|mengemis|jualan|jual|dagang|mulung|nguli|kuli|minta2|nyari+uang|cari+uang|jaga+warung|jaga+toko|panen|angkut",
      "=ngamen", "=ngemis", "=mengemis", "minta2 ~ di", "=mulung", "=kuli", "kuli+angkut", "=setor|=setoran", "kerja|bekerja ~ part+time|paruh+waktu|sampingan",
      "jualan ~ tisu|koran|asongan|kerupuk ~~ lampu+merah|perempatan|jalan|simpang|malam|malem",
      "aku|anak|dia ~ kerja|bekerja ~~ sampai|sampe|dari|dr ~~ malam|malem|pagi|subuh", "tidak ~ =digaji", "gaji|gajiku ~~ diambil|dijupuk",
      "=dinikahin|=dinikahkan|=dijodohin|=dijodohkan|=dikawinkan|=dikawinin|nikah+paksa|kawin+paksa", "nikahin|nikahkan|kawinin ~ aku|saya|anak|dia",
      "nikah|kawin ~ sama|dengan|jak|karo ~~ juragan|om|bapak2|orang|ulun|laki|pria|duda", "suruh|paksa ~ nikah|kawin",
      "pembantu|art ~~ umur|tidak", "pekerja+anak", "buruh+anak", "=trafficking", "perdagangan ~ anak|orang|manusia", "=tppo",
      "ditawarin|tawarin|ditawari|ajak|diajak|janji|janjiin|dijanjiin ~~ kerja", "tidak ~ pernah ~ dibayar|digaji", "suruh|paksa ~~ joget|live|konten|siaran|nari", "=eksploitasi", "=dieksploitasi", "=dipekerjakan", "=dipekerjain", "=calo", "kerja ~ jadi ~ pembantu|pelayan|admin", "jadi ~ kuli|buruh",
    ],
  },
  {
    id: "exploitation.sexual",
    finds: "sexual_exploitation",
    weight: 95,
    patterns: ["=open+bo", "=openbo", "=bo", "dijajakan|jajakan", "=mucikari", "=germo", "layani|melayani ~ tamu|om", "jual ~~ om|aplikasi|tamu|laki|pria|hotel", "=dijual ~~ aplikasi"],
  },
  {
    id: "exploitation.sold",
    finds: "child_sold",
    weight: 95,
    patterns: ["=dijual", "=dijualin", "jemput|dijemput|dibawa ~~ kerja|dipekerjakan|dipekerjain", "terima ~ uang ~~ adopsi|ngadopsi|angkat", "=menjual ~ anak", "jual ~ anak|bayi|adik|adek"],
  },
  {
    id: "abh.police",
    finds: "abh",
    weight: 70,
    patterns: [
      "tangkap|tangkep|ketangkep|ciduk|cekel|tahan|penjara|bui|amankan|interogasi|periksa|panggil|dipanggil|jemput|kejar|dikejar|dikejar2|bawa|dibawa ~~ polisi|pulisi|polsek|polres|satpol|aparat|reskrim|polda|bap",
      "polisi|pulisi|polsek|polres|satpol ~~ tangkap|tangkep|ciduk|tahan|periksa|panggil|jemput|bawa|dibawa",
      "=ditangkap", "=ditangkep", "=ketangkep", "=diciduk", "=ditahan", "=dipenjara", "di ~ polsek|polres|lapas|lpka|rutan|sel|tahanan",
      "dituduh ~~ nyuri|mencuri|maling|nyolong|ngambil|curi", "tersangka", "lapor|laporin|dilaporin|dilaporkan ~ ke ~ polisi", "=diversi",
      "=nyuri|=mencuri|=nyolong|=nyopet|=ngerampok|=membegal|=begal|=klitih|=jambret", "ikut|ikutan|melu ~ tawuran", "balap+liar",
      "kasus+hukum", "=bap", "berhadapan+dengan+hukum", "=bapas", "=abh", "=razia", "wajib+lapor", "=arrested", "=questioned", "=detained", "=police", "diperiksa+penyidik", "=penyidik", "dihukum+penjara", "kena+case", "=ditangkap+polisi", "tuduh|dituduh|nuduh ~~ maling|nyuri|mencuri",
    ],
  },
  {
    id: "napza.substance",
    finds: "napza",
    weight: 70,
    patterns: [
      "narkoba", "narkotik", "narkotika", "=sabu", "=nyabu", "=shabu", "=ganja", "=gele", "=cimeng", "=nyimeng", "=putaw", "=heroin", "=kokain",
      "=ekstasi", "=inex", "=ngelem", "=ngelim", "lem ~ aibon|castol|kuning", "isap|isep|ngisep|hirup|nyium ~ lem", "=ngobat", "obat2an", "obat ~ terlarang",
      "=koplo", "pil+koplo", "=tramadol", "=eximer", "=excimer", "=trihex", "=dextro", "=sinte", "tembakau ~ gorila|sintetis", "=sakau",
      "=miras", "=mabuk", "=mabok", "=mendem", "minum|ngombe|ngombe ~ ciu|arak|tuak|alkohol|bir|oplosan|anggur|intisari|ballo|cap+tikus",
      "=oplosan", "=ciu", "=tuak", "=alkohol", "=thc", "=weed", "vape|liquid ~~ isi|thc|khusus|aneh|narkoba", "minum|nelen|telan ~ pil", "=fly ~~ obat|pil", "obat ~ batuk ~~ banyak", "kecanduan", "=pil ~~ tanpa|putih|label|klip",
      "=paket ~~ narkoba|sabu|kurir", "=kurir", "paksa|suruh ~~ nelen|telan|minum ~ pil|obat", "nelen|telan|menelan ~ pil", "=liquid ~ aneh", "=pakai|=make ~ obat|pil|tramadol|sabu",
    ],
  },
  {
    id: "discrimination",
    finds: "discrimination",
    weight: 40,
    patterns: [
      "tolak|ditolak ~~ sekolah|masuk|daftar|sd|smp|sma", "keluarin|dikeluarin|dikeluarkan ~ dari|dr ~ sekolah", "tidak ~ boleh|dibolehin|dibolehkan ~ ikut|sekolah|ujian|daftar",
      "dilarang ~ ikut|sekolah|masuk", "agama ~ beda|berbeda|lain", "diskriminasi", "intoleran", "=akta", "=dokumen", "tidak ~ punya ~ akta|dokumen|kk|ktp", "=stigma", "=hiv", "=disabilitas", "=autis",
      "berkebutuhan+khusus", "=pengungsi",
    ],
  },
];

const MARKER_RULES: Rule[] = [
  {
    id: "marker.past",
    finds: "past",
    weight: 0,
    patterns: [
      "=dulu", "=dulunya", "=dahulu", "waktu|pas|wktu|wkt ~ aku|saya ~ kecil|sd|tk|smp|kelas|umur", "waktu|pas ~ kecil|sd|tk|smp|umur|kelas",
      "tahun|th|thn ~ lalu|kemarin|kemaren|yang+lalu", "bertahun", "sudah+lama", "lama+banget", "dua|tiga|beberapa ~ tahun ~ lalu",
    ],
  },
  {
    id: "marker.stopped",
    finds: "stopped",
    weight: 0,
    patterns: [
      "sudah ~ tidak ~ lagi", "sudah+tidak+kok", "sudah ~ berhenti", "sekarang ~ sudah ~ tidak|berhenti|mendingan|pindah|meninggal",
      "sudah+mendingan", "sudah ~ pindah|meninggal|dipecat|ditangkap", "sudah+tidak+kerja", "tidak+ada+kontak", "sudah ~ blok",
      "tidak+lagi+kok", "sudah+lebih+baik", "sudah+tidak+mau+lagi", "sudah+tidak+pengen+lagi",
    ],
  },
  {
    id: "marker.resolved",
    finds: "resolved",
    weight: 0,
    patterns: [
      "baikan", "sudah ~ damai|minta+maaf|maafan", "saling ~ minta ~ maaf", "minta+maaf+kok", "cuma|=cuman ~ sekali", "sekali ~ doang|kok",
      "cuma ~ becanda|bercanda", "tidak+kenapa2", "=gapapa ~ kok", "=salaman", "cuma ~ lupa", "sudah ~ diajak|diajakin ~ lagi", "sudah+clear", "=clear+kok",
    ],
  },
  {
    id: "marker.hypothetical",
    finds: "hypothetical",
    weight: 0,
    patterns: SUPPOSING,
  },
  {
    id: "marker.asking",
    finds: "asking",
    weight: 0,
    patterns: [
      "apa+itu", "apa+sih", "itu+apa", "apa ~ bedanya|arti|artinya|maksudnya|efek|bahaya|tanda|tanda2|ciri|ciri2|langkah|hukum|hukumnya", "termasuk ~~ tidak|gak|atau|kah|nggak",
      "apakah ~~ termasuk|boleh|wajib|bisa|harus|berhak|diperbolehkan", "boleh ~ tidak", "bisa ~~ tidak|gak|dilaporin|dilaporkan|dipenjara|ditangkap",
      "bagaimana ~ cara|caranya", "cara ~ melaporkan|lapor|mengajarkan|ngajarin|mencegah|bantu|menangani",
      "itu ~ normal ~ tidak|gak", "mau|ingin|pengen ~ tanya|nanya|tau|tahu", "=nanya", "tanya+dong", "=tugas", "=poster", "=sop", "buat+tugas",
      "saya ~ hanya ~ ingin ~ tahu", "=penasaran", "bukan ~ buat ~ aku",
    ],
  },
  {
    id: "marker.ongoing",
    finds: "ongoing",
    weight: 0,
    patterns: [
      "@present", "=tadi", "=td", "=semalam", "=semalem", "=barusan", "=kemarin", "=kmrn", "=kemaren", "=besok", "nanti+malam", "nanti+malem",
      "=sering", "=tiap", "=setiap", "=saben", "=terus", "=selalu", "=masih", "serumah", "tinggal ~ sama|bareng|bersama|serumah|di+rumah", "=numpang",
      "berkali", "=mulu", "=lagi", "hampir ~ tiap|setiap", "tiap+hari", "=minggu+ini", "=terus-menerus",
    ],
  },
  {
    id: "marker.greeting",
    finds: "greeting",
    weight: 0,
    patterns: [
      "halo", "=hallo", "=helo", "=hello", "=hai", "=hi", "=hey", "=hay", "=p", "=pp", "=ping", "=tes", "=test", "=testing", "=cek", "=assalamualaikum",
      "=asalamualaikum", "=assalamu'alaikum", "=salam", "selamat ~ pagi|siang|sore|malam", "=sugeng ~ dalu|enjing|siang|sonten", "tabik+pun",
      "=permisi", "=woi", "=woy", "=oi", "=punten", "=sampurasun", "api+kabar", "=makasih", "terima+kasih", "=thanks", "=thx", "=nyapa",
      "=halo+kak", "lebih+baik+sekarang",
    ],
  },
  {
    id: "marker.spam",
    finds: "spam",
    weight: 0,
    patterns: [
      "=promo", "klik ~ link|tautan", "=hadiah", "=undian", "pulsa ~ murah", "=slot", "=gacor", "=judi", "=judol", "=pinjol", "=deposit", "=maxwin",
      "=giveaway", "nomor ~ anda ~ terpilih", "=diskon", "=investasi", "=cashback", "=rekening", "=link+di+bio",
    ],
  },
  {
    id: "marker.chatter",
    finds: "chatter",
    weight: 0,
    patterns: [
      "=wkwk", "=wkwkwk", "=wkwkw", "=wkwkwkwk", "=haha", "=hahaha", "=hehe", "=hihi", "=gabut", "salah ~ kirim|nomor|chat", "=iseng", "nyoba ~ chat",
      "mati ~ lampu|listrik|gaya|kutu", "bunuh+waktu", "ngakak|ketawa ~~ mati", "hp|batre|baterai ~~ mati",
      "=asdfghjkl", "=asdf", "=lol", "=lmao", "=info", "=maaf", "=bales", "=pesen", "=anter", "=timnas", "=bengkel", "=servis", "=badminton", "=futsal", "=skor", "=turnamen", "=ongkir", "=cod", "=order", "=pengumuman", "=sosialisasi", "=undangan", "=latihan", "=guys", "=bosen", "=bosan",
    ],
  },
  {
    id: "marker.medium",
    finds: "medium",
    weight: 0,
    patterns: ["@medium"],
  },
  {
    id: "marker.distress",
    finds: "distress",
    weight: 0,
    patterns: ["sedih", "nangis", "menangis", "stres", "stress", "depresi", "trauma", "cemas", "takut", "=kepikiran", "hancur", "kesepian", "sakit+hati"],
  },
  {
    id: "marker.service",
    finds: "service",
    weight: 0,
    patterns: [
      "nomor ~ apa|siapa", "=layanan", "=curhat", "=konsultasi", "=konseling", "jam ~ berapa|buka", "=buka ~ sampai|jam", "identitas ~ pelapor|dirahasiakan",
      "=rahasia ~ tidak|gak", "=lapor ~~ tahu|tau", "=daftar", "=sosialisasi", "=gratis", "=psikolog", "=konselor", "=beasiswa", "bantu ~~ nyari|cari",
    ],
  },
];

export const RULES: readonly Rule[] = [...SELF_HARM, ...SEXUAL, ...VIOLENCE, ...CARE, ...MARKER_RULES];

/*
 * Words after a harm word that make it something else: "pukul 3 sore" is the time, "mati lampu"
 * a power cut, "bunuh waktu" killing time, "tendang bola" football.
 */
export const FALSE_FRIEND_NEXT: ReadonlyMap<string, readonly string[]> = new Map([
  ["pukul", ["@time_word", "bola", "drum", "gendang", "bedug", "kentongan", "nyamuk", "lalat", "shuttlecock", "samsak", "paku", "gong", "rebana", "voli", "rata"]],
  ["tendang", ["bola", "penalti", "pinalti", "samsak"]],
  ["sepak", ["bola", "takraw"]],
  ["lempar", ["bola", "lembing", "cakram", "batu+ke+sungai", "senyum", "pertanyaan"]],
  ["bunuh", ["waktu", "nyamuk", "kecoa", "tikus", "semut", "lalat", "bosan", "bosen", "kebosanan", "sepi", "virus", "kuman", "hama"]],
  ["mati", ["lampu", "listrik", "gaya", "kutu", "ketawa", "ngakak", "kata", "rasa", "bosan", "bosen", "penasaran", "kelaparan", "suri", "kaku", "mesin"]],
  ["hajar", ["tugas", "soal", "pr", "ujian", "deadline", "mental"]],
  ["bully", ["soal", "tugas", "pr", "ujian", "matematika", "nilai", "deadline"]],
  ["gebuk", ["tugas", "soal", "kasur"]],
  ["habisin", ["makanan", "makan", "nasi", "minum", "kuota", "duit", "uang", "tugas", "waktu"]],
  ["banting", ["tulang", "setir", "harga", "pintu", "barang", "piring", "gelas", "hp"]],
  ["kurung", ["diri"]],
  ["kunci", ["diri", "jawaban"]],
  ["tembak", ["cewek", "cewe", "cowok", "cowo", "gebetan", "dia", "crush", "aku"]],
  ["hilang", ["sinyal", "kuota"]],
]);

/** Words before a harm word that make it something else: "hp aku mati", "ngakak sampe mati". */
export const FALSE_FRIEND_BEFORE: ReadonlyMap<string, readonly string[]> = new Map([
  ["mati", ["hp", "handphone", "lampu", "listrik", "batre", "baterai", "motor", "mesin", "wifi", "sinyal", "tv", "laptop", "ngakak", "ketawa", "tanaman", "ikan", "kucing", "ayam", "kecoa", "nyamuk", "bosan", "bosen", "gaya"]],
  ["bully", ["soal", "tugas", "matematika", "nilai"]],
  ["hilang", ["hp", "handphone", "dompet", "sepatu", "tas", "uang", "duit", "sinyal", "motor", "sepeda", "barang", "buku", "kunci"]],
  ["ilang", ["hp", "handphone", "dompet", "sepatu", "tas", "uang", "duit", "sinyal", "motor", "sepeda", "barang", "buku", "kunci"]],
  ["luka", ["hati"]],
  ["pukul", ["jam"]],
  ["usir", ["ancam", "mengancam", "ngancem", "akan", "bakal", "mau"]],
  ["bunuh", ["ml", "ff", "game", "pubg", "turret", "musuh", "main", "mabar"]],
  ["bengkak", ["kata", "dikatain", "bilang", "panggil", "sebut", "ejek"]],
  ["sobek", ["seragam", "baju", "celana", "buku", "tas", "sepatu", "kertas", "rok"]],
  ["nyuri", ["gosip", "fitnah", "isu", "rumor"]],
]);

/** Agents that are not people: "dibully sama soal matematika", "dihajar tugas". */
export const NOT_A_PERSON = new Set(["soal", "tugas", "pr", "ujian", "matematika", "nilai", "deadline", "kerjaan", "hujan", "panas", "nyamuk", "keadaan"]);
