//! Order services so that each comes after everything it depends on.
//!
//! Each service gets a *level*: 0 without dependencies, else one more than
//! its deepest dependency. Services of one level never depend on each other,
//! so a script may start them concurrently. The order is by level, then by
//! declaration: it never depends on hash or insertion details. Kahn's
//! algorithm finds the levels; what it leaves over sits on cycles, and each
//! strongly connected component is reported once, naming every member.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::visit::EdgeFiltered;
use stackc_ir::diagnostic::{Diag, Diagnostics};
use stackc_ir::graph::{Edge, Node, StackGraph};
use stackc_ir::stack::Stack;

/// The services in order, each with its level; and the services in
/// declaration order as far as dependencies allow (each step takes the
/// first declared service whose dependencies are all placed).
pub fn order(
    stack: &Stack,
    graph: &StackGraph,
    diags: &mut Diagnostics,
) -> (Vec<(String, u32)>, Vec<String>) {
    let count = stack.services.len();
    // deps[i]: indices of the services that service i depends on.
    let mut deps: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    let mut dependents: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    for (i, service) in stack.services.values().enumerate() {
        // A service that names itself in `volumes_from`, `network_mode`
        // or `links` is reported by resolve, not as a cycle.
        let needs = service
            .needs()
            .filter(|(name, verb)| *verb == "depends on" || name.value != service.name.value);
        for dep in needs.map(|(name, _)| &name.value) {
            if let Some(j) = stack.services.get_index_of(dep.as_str()) {
                deps[i].insert(j);
                dependents[j].insert(i);
            }
        }
    }

    let mut waiting: Vec<usize> = deps.iter().map(BTreeSet::len).collect();
    let mut ready: BTreeSet<usize> = (0..count).filter(|&i| waiting[i] == 0).collect();
    let mut level = vec![0_u32; count];
    let mut order = Vec::with_capacity(count);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &d in &dependents[i] {
            level[d] = level[d].max(level[i] + 1);
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.insert(d);
            }
        }
    }
    let name = |i: usize| {
        stack
            .services
            .get_index(i)
            .map(|(name, _)| name.clone())
            .unwrap_or_default()
    };
    let declared = order.iter().map(|&i| name(i)).collect();
    order.sort_by_key(|&i| (level[i], i));

    if order.len() < count {
        report_cycles(stack, graph, &deps, diags);
    }
    let by_level = order.into_iter().map(|i| (name(i), level[i])).collect();
    (by_level, declared)
}

/// Each service's direct dependencies: `depends_on`, then the services it
/// takes volumes from (not itself), each once, as declared; names that are
/// not services of the stack are left out (resolve reports them).
pub fn depends(stack: &Stack) -> indexmap::IndexMap<String, Vec<String>> {
    stack
        .services
        .values()
        .map(|service| {
            let mut out: Vec<String> = Vec::new();
            for dep in service.needs().map(|(name, _)| &name.value) {
                if *dep != service.name.value
                    && stack.services.contains_key(dep.as_str())
                    && !out.contains(dep)
                {
                    out.push(dep.clone());
                }
            }
            (service.name.value.clone(), out)
        })
        .collect()
}

fn report_cycles(
    stack: &Stack,
    graph: &StackGraph,
    deps: &[BTreeSet<usize>],
    diags: &mut Diagnostics,
) {
    let depends_on = EdgeFiltered::from_fn(&graph.graph, |edge| {
        matches!(
            edge.weight(),
            Edge::DependsOn(_) | Edge::VolumesFrom | Edge::SharesNetwork | Edge::Links
        )
    });
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    for component in tarjan_scc(&depends_on) {
        let members: BTreeSet<usize> = component
            .iter()
            .filter_map(|&node| match &graph.graph[node] {
                Node::Service(name) => stack.services.get_index_of(name.as_str()),
                _ => None,
            })
            .collect();
        let Some(&first) = members.first() else {
            continue;
        };
        let self_loop = graph
            .graph
            .edges_directed(component[0], Direction::Outgoing)
            .any(|e| {
                e.target() == component[0]
                    && matches!(
                        e.weight(),
                        Edge::DependsOn(_) | Edge::VolumesFrom | Edge::SharesNetwork | Edge::Links
                    )
            });
        if members.len() > 1 || self_loop {
            cycles.push(walk_cycle(first, &members, deps));
        }
    }
    cycles.sort();
    for cycle in cycles {
        diags.push(cycle_diag(stack, &cycle));
    }
}

use crate::diagnostics::Code;
use petgraph::visit::EdgeRef;

/// A cycle through `start` that stays inside `members`, found by following
/// the lowest-indexed dependency that leads back to `start`.
fn walk_cycle(start: usize, members: &BTreeSet<usize>, deps: &[BTreeSet<usize>]) -> Vec<usize> {
    // Breadth-first search from start back to start, restricted to members,
    // visiting dependencies in declaration order: the shortest cycle.
    let mut previous: Vec<Option<usize>> = vec![None; deps.len()];
    let mut queue = std::collections::VecDeque::from([start]);
    let mut seen = BTreeSet::from([start]);
    while let Some(node) = queue.pop_front() {
        for &next in &deps[node] {
            if !members.contains(&next) {
                continue;
            }
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while let Some(p) = previous[at] {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return path;
            }
            if seen.insert(next) {
                previous[next] = Some(node);
                queue.push_back(next);
            }
        }
    }
    vec![start]
}

fn cycle_diag(stack: &Stack, cycle: &[usize]) -> Diag {
    let name = |i: usize| stack.services.get_index(i).map_or("?", |(n, _)| n.as_str());
    let mut chain: Vec<&str> = cycle.iter().map(|&i| name(i)).collect();
    chain.push(name(cycle[0]));
    let mut diag = if cycle.len() == 1 {
        Diag::new(
            Code::SelfDependency,
            format!("service `{}` depends on itself", name(cycle[0])),
        )
        .help(format!(
            "remove `{}` from its own `depends_on`",
            name(cycle[0])
        ))
    } else {
        Diag::new(
            Code::DependencyCycle,
            format!("dependency cycle: {}", chain.join(" → ")),
        )
        .help("a service cannot start before itself; remove one of these dependencies")
    };
    // Label the dependency edge of each member that closes the cycle.
    for (k, &i) in cycle.iter().enumerate() {
        let next = cycle[(k + 1) % cycle.len()];
        if let Some((_, service)) = stack.services.get_index(i)
            && let Some(dep) = service
                .depends_on
                .iter()
                .find(|d| d.service.value == name(next))
        {
            diag = diag.label(
                dep.service.span,
                format!("`{}` depends on `{}`", name(i), name(next)),
            );
        }
    }
    diag
}

/// The declared images (`[images.NAME]`) in build order: an image after
/// every image of the stack its Dockerfile's `FROM` names (by key or tag),
/// ties broken by declaration. A cycle is reported naming its members.
pub fn image_order(stack: &Stack, diags: &mut Diagnostics) -> Vec<String> {
    let keys: Vec<&String> = stack.images.keys().collect();
    let index_of = |reference: &str| -> Option<usize> {
        let image = stack.image_named(reference)?;
        stack.images.get_index_of(&image.name.value)
    };
    let deps: Vec<BTreeSet<usize>> = stack
        .images
        .values()
        .map(|image| {
            image
                .build
                .from
                .iter()
                .filter_map(|r| index_of(r))
                .collect()
        })
        .collect();
    let mut placed = vec![false; keys.len()];
    let mut order = Vec::with_capacity(keys.len());
    loop {
        let next = (0..keys.len()).find(|&i| {
            !placed[i] && deps[i].iter().all(|&d| placed[d] || d == i) && !deps[i].contains(&i)
        });
        let Some(i) = next else { break };
        placed[i] = true;
        order.push(keys[i].clone());
    }
    if order.len() < keys.len() {
        let members: Vec<&str> = (0..keys.len())
            .filter(|&i| !placed[i])
            .map(|i| keys[i].as_str())
            .collect();
        let first = stack.images.get(members[0]).map(|i| i.name.span);
        let mut diag = Diag::new(
            Code::ImageCycle,
            format!("the images {} build FROM each other", members.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ")),
        )
        .help("an image cannot be built before the image it starts FROM: change a Dockerfile's FROM line");
        for member in &members {
            if let Some(image) = stack.images.get(*member) {
                diag = diag.label(
                    image.name.span,
                    format!("`{member}` builds FROM another of them"),
                );
            }
        }
        let _ = first;
        diags.push(diag);
    }
    order
}
