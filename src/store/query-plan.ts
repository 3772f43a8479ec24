/** How `reviews.latest` runs on a store: the index it uses (null: none) and the raw plan. */
export interface QueryPlan {
  /** false when the server cannot say which index a query uses (FerretDB 1.x). */
  explained: boolean;
  index: string | null;
  detail: string;
}
