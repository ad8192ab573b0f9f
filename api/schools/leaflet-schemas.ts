import { z } from "zod";

/*
 * The leaflet as GET /v1/schools/:id/leaflet returns it: everything the console prints, in the
 * caller's language. The example's QR codes are cut short; real ones are whole SVG documents.
 */

const EXAMPLE_QR = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 35 35" shape-rendering="crispEdges">…</svg>';

const QrSvgSchema = z.string().meta({
  description: "The link as a QR code: a whole SVG document (no fixed size; it scales to its box). Scanned, it opens the link.",
});

export const LeafletSchema = z
  .object({
    school: z.object({ id: z.uuid(), code: z.string(), name: z.string(), kecamatan: z.string().nullable() }),
    unit: z.object({
      name: z.string(),
      hotlineNumbers: z
        .array(z.object({ label: z.string(), number: z.string(), whatsapp: z.boolean() }))
        .meta({ description: "The unit's own numbers, as its admin entered them (PATCH /v1/units/{id})." }),
    }),
    telegram: z
      .object({
        link: z.url().meta({ description: "https://t.me/<bot>?start=s_<school code>: opens the hotline's bot with the school already known." }),
        qrSvg: QrSvgSchema,
      })
      .nullable()
      .meta({ description: "null while the bot's username is unknown: TELEGRAM_BOT_USERNAME unset and no bot running in the API's process." }),
    whatsapp: z
      .object({
        link: z.url().meta({ description: "https://wa.me/<number in international form, digits only>." }),
        number: z.string().meta({ description: "The number as the unit wrote it, to print under the QR." }),
        qrSvg: QrSvgSchema,
      })
      .nullable()
      .meta({ description: "From the first of the unit's hotline numbers marked `whatsapp`; null when none is." }),
    emergencyNumbers: z
      .array(z.object({ label: z.string(), number: z.string() }))
      .meta({ description: "National numbers for a child in danger now (112, 110, SAPA 129, TePSA, 119), the same for every unit." }),
    guidance: z
      .object({ title: z.string(), points: z.array(z.string()) })
      .meta({ description: "The leaflet's short text on bullying for children: what it is, not your fault, tell a trusted adult or the school's TPPK, report, anonymously if you like." }),
  })
  .meta({
    examples: [
      {
        school: { id: "5e2a7c1d-9b3f-4d6e-8a1c-2f4b6d8e0a13", code: "smpn-3-metro", name: "SMP Negeri 3 Metro", kecamatan: "Metro Barat" },
        unit: {
          name: "Dinas Sosial Kota Metro",
          hotlineNumbers: [{ label: "Layanan pengaduan", number: "0812-0000-0000", whatsapp: true }],
        },
        telegram: { link: "https://t.me/LaporAmanMetroBot?start=s_smpn-3-metro", qrSvg: EXAMPLE_QR },
        whatsapp: { link: "https://wa.me/6281200000000", number: "0812-0000-0000", qrSvg: EXAMPLE_QR },
        emergencyNumbers: [
          { label: "Panggilan darurat (gratis)", number: "112" },
          { label: "Polisi", number: "110" },
          { label: "SAPA 129 (telepon)", number: "129" },
        ],
        guidance: {
          title: "Dirundung? Kamu tidak sendirian.",
          points: ["Ini bukan salahmu. Tidak ada yang pantas dirundung."],
        },
      },
    ],
  });
export type Leaflet = z.infer<typeof LeafletSchema>;
