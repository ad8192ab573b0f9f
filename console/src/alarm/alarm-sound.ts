/*
 * The darurat alarm, made with the Web Audio API: no sound file to download or cache. One
 * AudioContext for the whole visit (browsers limit how many a page may open). Browsers keep it
 * suspended until the person has pressed something on the page; the queue then offers a button.
 */

export type SoundState = "running" | "suspended" | "unsupported";

let context: AudioContext | undefined;
const stateListeners = new Set<(state: SoundState) => void>();

function audio(): AudioContext | undefined {
  if (context) return context;
  if (typeof AudioContext === "undefined") return undefined;
  const ctx = new AudioContext();
  context = ctx;
  ctx.addEventListener("statechange", () => {
    for (const listener of stateListeners) listener(soundState());
  });
  // Any press on the page is the gesture browsers wait for: the sound need not wait for its own button.
  const resumeOnGesture = () => {
    ctx.resume().then(
      () => {
        if (ctx.state !== "running") return;
        document.removeEventListener("pointerdown", resumeOnGesture);
        document.removeEventListener("keydown", resumeOnGesture);
      },
      () => undefined,
    );
  };
  if (ctx.state !== "running") {
    document.addEventListener("pointerdown", resumeOnGesture);
    document.addEventListener("keydown", resumeOnGesture);
  }
  return ctx;
}

export function soundState(): SoundState {
  const ctx = audio();
  if (!ctx) return "unsupported";
  return ctx.state === "running" ? "running" : "suspended";
}

export function onSoundStateChange(listener: (state: SoundState) => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

/** Called from a button press: the one moment a browser lets a page start its sound. */
export async function enableSound(): Promise<SoundState> {
  const ctx = audio();
  if (!ctx) return "unsupported";
  await ctx.resume().catch(() => undefined);
  // A short, quiet tone confirms to the person that sound works on this device.
  if (ctx.state === "running") playTones(ctx, [660], 0.15, 0.08);
  return soundState();
}

/** A two-tone alarm of about one second: high-low, four times, like a siren, not like a chat ping. */
export function playAlarm(): void {
  const ctx = audio();
  if (!ctx || ctx.state !== "running") return;
  playTones(ctx, [880, 660, 880, 660], 0.25, 0.2);
}

function playTones(ctx: AudioContext, frequencies: readonly number[], toneSeconds: number, volume: number): void {
  const start = ctx.currentTime + 0.02;
  const oscillator = ctx.createOscillator();
  const gain = ctx.createGain();
  oscillator.type = "square";
  oscillator.connect(gain);
  gain.connect(ctx.destination);
  gain.gain.setValueAtTime(0.0001, start);
  frequencies.forEach((frequency, index) => {
    const at = start + index * toneSeconds;
    oscillator.frequency.setValueAtTime(frequency, at);
    // Short ramps in and out: a hard edge clicks on phone speakers.
    gain.gain.exponentialRampToValueAtTime(volume, at + 0.02);
    gain.gain.setValueAtTime(volume, at + toneSeconds - 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + toneSeconds - 0.01);
  });
  const end = start + frequencies.length * toneSeconds;
  oscillator.start(start);
  oscillator.stop(end);
  oscillator.addEventListener("ended", () => {
    oscillator.disconnect();
    gain.disconnect();
  });
}
