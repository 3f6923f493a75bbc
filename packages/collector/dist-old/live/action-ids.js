"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.REFRESH_MS = void 0;
exports.actionIds = actionIds;
exports.REFRESH_MS = 5_000;
function actionIds(store, now = Date.now) {
    const bySite = new Map();
    const refresh = async (site) => {
        bySite.set(site, { at: now(), ids: bySite.get(site)?.ids ?? new Map() });
        try {
            const { actions } = JSON.parse((await store.get(site)).json);
            const ids = new Map();
            for (const d of actions)
                if (!ids.has(d.name))
                    ids.set(d.name, d.id); // the SDK applies the first match
            bySite.set(site, { at: now(), ids });
        }
        catch {
            // the lake cannot be read now: keep what we had, try again later
        }
    };
    const of = (site, action) => {
        const known = bySite.get(site);
        if (!known || now() - known.at > exports.REFRESH_MS)
            void refresh(site);
        return known?.ids.get(action) ?? null;
    };
    return { of, refresh };
}
