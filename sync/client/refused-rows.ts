// Browser module: hands the rows the server refused from the push handler to the conflict
// handler. RxDB resolves every row a push handler returns through the collection's conflict
// handler; a refused row must resolve to the server's state as it is (no merge, nothing left
// to push), while a real conflict is merged. Scoped per local database, so two clients in one
// test process never see each other's marks.

const marks = new WeakMap<object, Set<string>>();

const key = (collection: string, id: string) => `${collection}|${id}`;

/** The push handler: `id` of `collection` was refused; its answer is the state to keep. */
export function markRefused(scope: object, collection: string, id: string): void {
  let set = marks.get(scope);
  if (!set) marks.set(scope, (set = new Set()));
  set.add(key(collection, id));
}

/** The conflict handler: whether `id` was refused (and forget it: one resolution per mark). */
export function takeRefused(scope: object, collection: string, id: string): boolean {
  return marks.get(scope)?.delete(key(collection, id)) ?? false;
}
