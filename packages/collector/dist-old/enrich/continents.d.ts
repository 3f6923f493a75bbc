export declare function continentOf(country: string | null | undefined): string | null;
