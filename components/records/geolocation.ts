// Browser module: the phone's position for a visit, only when the user ticks the box and the
// browser grants it. Never blocks saving: no answer within the timeout means no location.

export interface Position {
  latitude: number;
  longitude: number;
}

const TIMEOUT_MS = 10_000; // ms: a car park with poor GPS should not hold the rep up longer
const MAX_AGE_MS = 120_000; // ms: a fix from the last two minutes is close enough for a visit

export function currentPosition(): Promise<Position | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude }),
      () => resolve(null),
      { timeout: TIMEOUT_MS, maximumAge: MAX_AGE_MS, enableHighAccuracy: false },
    );
  });
}
