/** A city shoppers live in, with its country (ISO 3166-1 alpha-2) and a weight for how many do. */
export interface City {
  readonly country: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
  readonly weight: number;
}

/** Real cities and coordinates; weights lean towards the largest e-commerce markets. */
export const CITIES: readonly City[] = [
  { country: 'US', city: 'New York', lat: 40.7128, lon: -74.006, weight: 10 },
  { country: 'US', city: 'Los Angeles', lat: 34.0522, lon: -118.2437, weight: 8 },
  { country: 'US', city: 'Chicago', lat: 41.8781, lon: -87.6298, weight: 6 },
  { country: 'US', city: 'Houston', lat: 29.7604, lon: -95.3698, weight: 5 },
  { country: 'US', city: 'Seattle', lat: 47.6062, lon: -122.3321, weight: 4 },
  { country: 'US', city: 'Miami', lat: 25.7617, lon: -80.1918, weight: 4 },
  { country: 'US', city: 'Boston', lat: 42.3601, lon: -71.0589, weight: 3 },
  { country: 'CA', city: 'Toronto', lat: 43.6532, lon: -79.3832, weight: 4 },
  { country: 'CA', city: 'Vancouver', lat: 49.2827, lon: -123.1207, weight: 2 },
  { country: 'MX', city: 'Mexico City', lat: 19.4326, lon: -99.1332, weight: 3 },
  { country: 'BR', city: 'São Paulo', lat: -23.5505, lon: -46.6333, weight: 4 },
  { country: 'AR', city: 'Buenos Aires', lat: -34.6037, lon: -58.3816, weight: 2 },
  { country: 'GB', city: 'London', lat: 51.5074, lon: -0.1278, weight: 7 },
  { country: 'GB', city: 'Manchester', lat: 53.4808, lon: -2.2426, weight: 2 },
  { country: 'IE', city: 'Dublin', lat: 53.3498, lon: -6.2603, weight: 1 },
  { country: 'FR', city: 'Paris', lat: 48.8566, lon: 2.3522, weight: 5 },
  { country: 'DE', city: 'Berlin', lat: 52.52, lon: 13.405, weight: 4 },
  { country: 'DE', city: 'Munich', lat: 48.1351, lon: 11.582, weight: 3 },
  { country: 'NL', city: 'Amsterdam', lat: 52.3676, lon: 4.9041, weight: 2 },
  { country: 'ES', city: 'Madrid', lat: 40.4168, lon: -3.7038, weight: 3 },
  { country: 'IT', city: 'Milan', lat: 45.4642, lon: 9.19, weight: 3 },
  { country: 'SE', city: 'Stockholm', lat: 59.3293, lon: 18.0686, weight: 2 },
  { country: 'PL', city: 'Warsaw', lat: 52.2297, lon: 21.0122, weight: 2 },
  { country: 'TR', city: 'Istanbul', lat: 41.0082, lon: 28.9784, weight: 2 },
  { country: 'AE', city: 'Dubai', lat: 25.2048, lon: 55.2708, weight: 2 },
  { country: 'ZA', city: 'Johannesburg', lat: -26.2041, lon: 28.0473, weight: 1 },
  { country: 'NG', city: 'Lagos', lat: 6.5244, lon: 3.3792, weight: 2 },
  { country: 'EG', city: 'Cairo', lat: 30.0444, lon: 31.2357, weight: 1 },
  { country: 'IN', city: 'Mumbai', lat: 19.076, lon: 72.8777, weight: 5 },
  { country: 'IN', city: 'Bengaluru', lat: 12.9716, lon: 77.5946, weight: 4 },
  { country: 'SG', city: 'Singapore', lat: 1.3521, lon: 103.8198, weight: 2 },
  { country: 'JP', city: 'Tokyo', lat: 35.6762, lon: 139.6503, weight: 5 },
  { country: 'JP', city: 'Osaka', lat: 34.6937, lon: 135.5023, weight: 2 },
  { country: 'KR', city: 'Seoul', lat: 37.5665, lon: 126.978, weight: 3 },
  { country: 'CN', city: 'Shanghai', lat: 31.2304, lon: 121.4737, weight: 4 },
  { country: 'HK', city: 'Hong Kong', lat: 22.3193, lon: 114.1694, weight: 2 },
  { country: 'AU', city: 'Sydney', lat: -33.8688, lon: 151.2093, weight: 3 },
  { country: 'AU', city: 'Melbourne', lat: -37.8136, lon: 144.9631, weight: 2 },
  { country: 'NZ', city: 'Auckland', lat: -36.8485, lon: 174.7633, weight: 1 },
];

/** City weights in the shape Rng.weighted takes. */
export const WEIGHTED_CITIES: readonly (readonly [City, number])[] = CITIES.map((c) => [c, c.weight]);
