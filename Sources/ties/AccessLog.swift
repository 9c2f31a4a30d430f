import TiesAPI
import TiesHTTP

/// One JSON line per response: what an operator greps and a log pipeline parses.
/// `{"time","level","msg":"request","requestId","method","path","route","status","bytes","durationMs","remote"}`
enum AccessLog {
    static func line(_ e: CompletedExchange) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"time":""#.utf8)
        out.append(contentsOf: Log.timestamp().utf8)
        out.append(contentsOf: #"","level":"info","msg":"request","requestId":"#.utf8)
        JSONText.append(e.requestID, to: &out)
        out.append(contentsOf: #","method":"#.utf8)
        JSONText.append(e.method?.rawValue ?? "-", to: &out)
        out.append(contentsOf: #","path":"#.utf8)
        JSONText.append(e.path.map { String($0.prefix(512)) } ?? "-", to: &out)
        out.append(contentsOf: #","route":"#.utf8)
        if let route = e.route { JSONText.append(route, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(e.status.code).utf8)
        out.append(contentsOf: #","bytes":"#.utf8)
        out.append(contentsOf: String(e.bodyBytes).utf8)
        out.append(contentsOf: #","durationMs":"#.utf8)
        let micros = e.duration.components.seconds * 1_000_000 + e.duration.components.attoseconds / 1_000_000_000_000
        out.append(contentsOf: String(Double(micros) / 1000).utf8)
        out.append(contentsOf: #","remote":"#.utf8)
        JSONText.append(e.remoteAddress, to: &out)
        out.append(contentsOf: "}\n".utf8)
        return out
    }
}
