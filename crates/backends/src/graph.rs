//! `stackc graph`: the stack's resource graph as DOT or mermaid text.

use petgraph::visit::{EdgeRef, IntoEdgeReferences, IntoNodeReferences};
use stackc_ir::graph::{Edge, Node, StackGraph};

fn node_id(node: &Node) -> String {
    match node {
        Node::Service(name) => format!("service:{name}"),
        Node::Network(name) => format!("network:{name}"),
        Node::Volume(name) => format!("volume:{name}"),
        Node::Image { reference, .. } => format!("image:{reference}"),
    }
}

fn node_label(node: &Node) -> String {
    match node {
        Node::Service(name) => name.clone(),
        Node::Network(name) => format!("network {name}"),
        Node::Volume(name) => format!("volume {name}"),
        Node::Image { reference, built } => {
            if *built {
                format!("image {reference} (built)")
            } else {
                format!("image {reference}")
            }
        }
    }
}

fn edge_label(edge: Edge) -> &'static str {
    match edge {
        Edge::DependsOn(condition) => condition.as_str(),
        Edge::AttachesTo => "joins",
        Edge::Mounts => "mounts",
        Edge::UsesImage => "runs",
        Edge::VolumesFrom => "volumes from",
        Edge::BuildsFrom => "builds FROM",
        Edge::SharesNetwork => "network of",
        Edge::Links => "links to",
    }
}

/// A DOT string literal.
fn dot_str(text: &str) -> String {
    format!(
        "\"{}\"",
        text.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n")
    )
}

/// The graph in Graphviz DOT, nodes and edges in declaration order.
pub fn dot(stack_name: &str, graph: &StackGraph) -> String {
    let g = &graph.graph;
    let mut out = format!(
        "digraph {} {{\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n",
        dot_str(stack_name)
    );
    for (_, node) in g.node_references() {
        let shape = match node {
            Node::Service(_) => "box",
            Node::Network(_) => "ellipse",
            Node::Volume(_) => "cylinder",
            Node::Image { .. } => "component",
        };
        out.push_str(&format!(
            "  {} [label={}, shape={shape}];\n",
            dot_str(&node_id(node)),
            dot_str(&node_label(node))
        ));
    }
    for edge in g.edge_references() {
        let style = if matches!(edge.weight(), Edge::DependsOn(_)) {
            "solid"
        } else {
            "dashed"
        };
        out.push_str(&format!(
            "  {} -> {} [label={}, style={style}];\n",
            dot_str(&node_id(&g[edge.source()])),
            dot_str(&node_id(&g[edge.target()])),
            dot_str(edge_label(*edge.weight()))
        ));
    }
    out.push_str("}\n");
    out
}

/// The graph as a mermaid flowchart.
pub fn mermaid(graph: &StackGraph) -> String {
    let g = &graph.graph;
    let mut out = String::from("flowchart LR\n");
    for (index, node) in g.node_references() {
        let label = node_label(node).replace('"', "#quot;");
        let (open, close) = match node {
            Node::Service(_) => ("[", "]"),
            Node::Network(_) => ("([", "])"),
            Node::Volume(_) => ("[(", ")]"),
            Node::Image { .. } => ("[[", "]]"),
        };
        out.push_str(&format!("  n{}{open}\"{label}\"{close}\n", index.index()));
    }
    for edge in g.edge_references() {
        let arrow = if matches!(edge.weight(), Edge::DependsOn(_)) {
            "-->"
        } else {
            "-.->"
        };
        out.push_str(&format!(
            "  n{} {arrow}|{}| n{}\n",
            edge.source().index(),
            edge_label(*edge.weight()),
            edge.target().index()
        ));
    }
    out
}
