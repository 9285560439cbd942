import type { Faker } from '@faker-js/faker';

/** A product category with the price range its products fall in (USD). */
export interface Category {
  readonly name: string;
  readonly minPriceUsd: number;
  readonly maxPriceUsd: number;
  /** How often people shop it, relative to the others. */
  readonly popularity: number;
}

/** A product of the catalogue. */
export interface Product {
  readonly productId: string;
  readonly name: string;
  readonly category: string;
  readonly priceUsd: number;
}

export const CATEGORIES: readonly Category[] = [
  { name: 'electronics', minPriceUsd: 19.99, maxPriceUsd: 1899.99, popularity: 14 },
  { name: 'clothing', minPriceUsd: 7.99, maxPriceUsd: 249.99, popularity: 18 },
  { name: 'books', minPriceUsd: 4.99, maxPriceUsd: 79.99, popularity: 10 },
  { name: 'home', minPriceUsd: 9.99, maxPriceUsd: 899.99, popularity: 12 },
  { name: 'sports', minPriceUsd: 9.99, maxPriceUsd: 699.99, popularity: 8 },
  { name: 'beauty', minPriceUsd: 4.99, maxPriceUsd: 149.99, popularity: 10 },
  { name: 'toys', minPriceUsd: 5.99, maxPriceUsd: 199.99, popularity: 7 },
  { name: 'groceries', minPriceUsd: 1.99, maxPriceUsd: 59.99, popularity: 13 },
  { name: 'jewelry', minPriceUsd: 19.99, maxPriceUsd: 1799.99, popularity: 3 },
  { name: 'automotive', minPriceUsd: 9.99, maxPriceUsd: 999.99, popularity: 5 },
];

/** The catalogue: products per category, each list sorted by price so a price can be found by bisection. */
export interface Catalogue {
  readonly byCategory: ReadonlyMap<string, readonly Product[]>;
  readonly categories: readonly (readonly [Category, number])[];
}

/** Builds a catalogue of `productsPerCategory` products per category with Faker (seeded by the caller). */
export function buildCatalogue(faker: Faker, productsPerCategory: number): Catalogue {
  const byCategory = new Map<string, Product[]>();
  let n = 0;
  for (const category of CATEGORIES) {
    const products: Product[] = [];
    for (let i = 0; i < productsPerCategory; i++) {
      // Prices spread log-uniformly: many cheap products, a few expensive ones, as in real shops.
      const logMin = Math.log(category.minPriceUsd);
      const logMax = Math.log(category.maxPriceUsd);
      const price = Math.exp(logMin + faker.number.float({ min: 0, max: 1 }) * (logMax - logMin));
      n += 1;
      products.push({
        productId: `p-${String(n).padStart(5, '0')}`,
        name: faker.commerce.productName(),
        category: category.name,
        priceUsd: Math.min(category.maxPriceUsd, Math.floor(price) + 0.99),
      });
    }
    products.sort((a, b) => a.priceUsd - b.priceUsd);
    byCategory.set(category.name, products);
  }
  return { byCategory, categories: CATEGORIES.map((c) => [c, c.popularity]) };
}

/** The product of a category whose price is closest to, and not above, `targetUsd` (the cheapest if none is). */
export function productNear(products: readonly Product[], targetUsd: number): Product {
  let lo = 0;
  let hi = products.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((products[mid] as Product).priceUsd <= targetUsd) lo = mid;
    else hi = mid - 1;
  }
  return products[lo] as Product;
}
