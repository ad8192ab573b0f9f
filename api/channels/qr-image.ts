import QRCode from "qrcode";

/** Big enough to scan from a laptop screen with a phone, small enough to load at once on a slow link. */
const QR_WIDTH_PX = 320;

/** The QR payload as a PNG, with the quiet zone a phone camera needs (margin 2 modules). */
export function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: "png", margin: 2, width: QR_WIDTH_PX, errorCorrectionLevel: "M" });
}
