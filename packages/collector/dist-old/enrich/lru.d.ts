/**
 * `compute` remembered for the `size` keys used last (UA_CACHE_SIZE; 0 keeps none). A collector sees
 * the same user agents and addresses again and again: parsing, classifying or looking them up once
 * each is what keeps enrichment cheap. An empty key is computed every time and never kept.
 */
export declare class Lru<V> {
    private readonly size;
    private readonly compute;
    private readonly map;
    constructor(size: number, compute: (key: string | null | undefined) => V);
    get(key: string | null | undefined): V;
    get entries(): number;
}
