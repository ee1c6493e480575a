//! The portal's route table — every (method, path) the router answers — for the authorization
//! matrix test, which must fail when a route is added without a row or a row names no route.
//!
//! axum 0.8 has no public listing of a router's routes, so the table is read from the `Debug`
//! output of the unlayered route tree ([`crate::routes`]): its `PathRouter` prints
//! `routes: {RouteId(n): MethodRouter(MethodRouter { get: …, post: None, … })}` and
//! `node: Node { paths: {RouteId(n): "/path"} }`, which gives both the paths and, per path, the
//! methods that have a handler (`None` marks a method without one). The alternative, a thin
//! registry through which every route is added, would have to be used by hand in every
//! module — a route added with a plain `.route(…)` would slip past it, which is exactly what
//! the matrix must catch. Reading the built router cannot be bypassed. Should an axum upgrade
//! change that format, the unit tests below fail (they demand more than 50 paths and known
//! methods on known paths), so the failure is loud, never an empty table.

use std::collections::{BTreeMap, BTreeSet};

/// The methods the table reports (`head` comes with `get`; `options`, `trace` and `connect`
/// are not used by the portal — a route using them is reported too, and then needs a row).
const METHODS: [&str; 8] = [
    "get", "delete", "options", "patch", "post", "put", "trace", "connect",
];

/// Every (METHOD, path) of the portal, sorted, with paths as declared (`/requests/{id}`).
pub fn route_table() -> Vec<(String, String)> {
    parse(&format!("{:?}", crate::routes()))
}

fn parse(debug: &str) -> Vec<(String, String)> {
    // Only the main path router: the fallback router and the fallbacks come after it.
    let main = debug
        .split_once("fallback_router:")
        .map_or(debug, |(main, _)| main);
    let (routes, node) = main
        .split_once("node: Node { paths: {")
        .expect("the router's Debug output has a path table");
    let mut paths: BTreeMap<u64, String> = BTreeMap::new();
    // `RouteId(12): "/requests/{id}"`
    for entry in node.split("RouteId(").skip(1) {
        let Some((id, rest)) = entry.split_once("): \"") else {
            continue;
        };
        let path = rest.split('"').next().unwrap_or("");
        if let Ok(id) = id.parse() {
            paths.insert(id, path.to_owned());
        }
    }
    let mut table = BTreeSet::new();
    // `RouteId(12): MethodRouter(MethodRouter { get: BoxedHandler, head: None, … })`
    for entry in routes.split("RouteId(").skip(1) {
        let Some((id, rest)) = entry.split_once("): ") else {
            continue;
        };
        let Some(path) = id.parse().ok().and_then(|id: u64| paths.get(&id)) else {
            continue;
        };
        if !rest.starts_with("MethodRouter(") {
            // A whole service under the path (`route_service`): every method reaches it.
            table.insert(("ANY".to_owned(), path.clone()));
            continue;
        }
        let fields = rest.split("fallback:").next().unwrap_or(rest);
        for method in METHODS {
            let marker = format!(" {method}: ");
            if let Some(after) = fields.split_once(&marker).map(|(_, a)| a)
                && !after.starts_with("None")
            {
                table.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    table.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(table: &[(String, String)], method: &str, path: &str) -> bool {
        table.iter().any(|(m, p)| m == method && p == path)
    }

    #[test]
    fn the_table_lists_the_router_paths_and_their_methods() {
        let table = route_table();
        let paths: BTreeSet<&String> = table.iter().map(|(_, p)| p).collect();
        assert!(
            paths.len() > 50,
            "only {} paths found: {table:?}",
            paths.len()
        );
        assert!(has(&table, "GET", "/"));
        assert!(has(&table, "GET", "/api/v1/me"));
        assert!(has(&table, "PATCH", "/api/v1/me"));
        assert!(!has(&table, "POST", "/api/v1/me"));
        assert!(has(&table, "POST", "/api/v1/requests/{id}/attachments"));
        assert!(has(&table, "GET", "/api/v1/requests/{id}/attachments"));
        assert!(has(
            &table,
            "DELETE",
            "/api/v1/staff/citizens/{id}/verification"
        ));
        assert!(has(&table, "POST", "/staff/admin/staff/{id}/reset-totp"));
        assert!(!has(&table, "GET", "/logout"));
        assert!(table.iter().all(|(m, _)| m != "ANY"), "{table:?}");
    }
}
