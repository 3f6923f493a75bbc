export interface BuildRequest {
    id: number;
    file: string;
    skip: string[];
    max: number;
}
