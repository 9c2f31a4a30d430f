import Glibc

/// The router's trie of path segments, frozen by `Router.Builder.build()` into flat buffers of plain values,
/// so a match reads memory and retains nothing until it hands back a handler. Held as arrays of structs that
/// held arrays, every node a match visited retained and released its arrays: some twenty atomic operations a
/// request, each slower than the comparison it served. Immutable after `init`, hence `@unchecked Sendable`.
final class RouteTrie: @unchecked Sendable {
    /// A node as the builder grows it.
    struct Draft {
        var literals: [(bytes: [UInt8], child: Int)] = []
        var parameterChild: Int?
        var handlers: [Router.Handler] = []
        var methods: UInt16 = 0
    }

    struct Node {
        var firstEdge: Int
        var edgeCount: Int
        var parameterChild: Int  // -1: none
        var firstHandler: Int
        var handlerCount: Int
        var methods: UInt16
    }

    /// A literal child: its segment's bytes are `literals[start ..< start + count]`.
    struct Edge {
        var start: Int
        var count: Int
        var child: Int
    }

    private let nodes: UnsafeMutableBufferPointer<Node>
    private let edges: UnsafeMutableBufferPointer<Edge>
    private let literals: UnsafeMutableBufferPointer<UInt8>
    /// Every node's handlers, node after node.
    let handlers: [Router.Handler]
    /// The most parameters one path can capture: room enough for a match's captures.
    let maxCaptures: Int
    let allMethods: UInt16

    init(_ drafts: [Draft]) {
        var nodes: [Node] = [], edges: [Edge] = [], literals: [UInt8] = [], handlers: [Router.Handler] = []
        for d in drafts {
            nodes.append(Node(firstEdge: edges.count, edgeCount: d.literals.count, parameterChild: d.parameterChild ?? -1,
                              firstHandler: handlers.count, handlerCount: d.handlers.count, methods: d.methods))
            for (bytes, child) in d.literals {
                edges.append(Edge(start: literals.count, count: bytes.count, child: child))
                literals.append(contentsOf: bytes)
            }
            handlers.append(contentsOf: d.handlers)
        }
        self.nodes = RouteTrie.copy(nodes)
        self.edges = RouteTrie.copy(edges)
        self.literals = RouteTrie.copy(literals)
        self.handlers = handlers
        maxCaptures = handlers.map(\.parameterNames.count).max() ?? 0
        allMethods = nodes.reduce(0) { $0 | $1.methods }
    }

    deinit {
        nodes.deallocate()
        edges.deallocate()
        literals.deallocate()
    }

    private static func copy<T>(_ values: [T]) -> UnsafeMutableBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, values.count))
        _ = buffer.initialize(from: values)
        return buffer
    }

    func methods(at node: Int) -> UInt16 { nodes[node].methods }

    /// The index in `handlers` of `node`'s handler for `method`; HEAD falls back to GET.
    func handlerIndex(at node: Int, for method: HTTPMethod) -> Int? {
        let n = nodes[node]
        let range = n.firstHandler..<(n.firstHandler + n.handlerCount)
        return range.first { handlers[$0].method == method }
            ?? (method == .head ? range.first { handlers[$0].method == .get } : nil)
    }

    /// Depth-first over the nodes matching `p` from `start`, literals before the parameter. A parameter's
    /// segment is written to `captures[depth]`; `visit` gets each node reached at the end of the path and the
    /// number of captures, and returns true to stop.
    @discardableResult
    func walk(_ p: UnsafeBufferPointer<UInt8>, node: Int, from start: Int?, captures: UnsafeMutablePointer<Range<Int>>,
              depth: Int, _ visit: (Int, Int) -> Bool) -> Bool {
        guard let start else { return false }
        if start >= p.count {
            // "/" is the root; "/a/" ends in an empty segment, handled below.
            if start > p.count || p.count == 1 { return nodes[node].methods != 0 && visit(node, depth) }
        }
        var end = start
        while end < p.count && p[end] != ASCII.slash { end += 1 }
        let next = end < p.count ? end + 1 : p.count + 1
        let segment = UnsafeBufferPointer(rebasing: p[start..<end])
        let n = nodes[node]
        if n.edgeCount > 0 {
            // Literals never hold `%`: a segment with an escape is compared decoded (nil: a bad escape, which
            // then equals no literal).
            let decoded: [UInt8]? = segment.contains(ASCII.percent)
                ? PercentDecoding.decodeBytes(segment, plusAsSpace: false) : nil
            for e in n.firstEdge..<(n.firstEdge + n.edgeCount) {
                let edge = edges[e]
                if equal(edge, decoded, segment),
                   walk(p, node: edge.child, from: next, captures: captures, depth: depth, visit) { return true }
            }
        }
        if n.parameterChild >= 0, end > start {
            captures[depth] = start..<end
            if walk(p, node: n.parameterChild, from: next, captures: captures, depth: depth + 1, visit) { return true }
        }
        return false
    }

    @inline(__always)
    private func equal(_ edge: Edge, _ decoded: [UInt8]?, _ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        let literal = UnsafeBufferPointer(rebasing: literals[edge.start..<(edge.start + edge.count)])
        if let decoded { return decoded.elementsEqual(literal) }
        guard edge.count == raw.count else { return false }
        return edge.count == 0 || memcmp(literal.baseAddress!, raw.baseAddress!, raw.count) == 0
    }
}
