/// Conditional requests on entity tags, shared by the static files and the API so both answer
/// `If-None-Match` by the same rule.
public enum EntityTag {
    /// RFC 9110 §13.1.2: true when the header is `*` or lists a tag equal to `etag` under weak comparison
    /// (the `W/` prefix is ignored on both sides), the comparison `If-None-Match` asks for.
    public static func matches(ifNoneMatch: String, etag: String) -> Bool {
        let target = etag.hasPrefix("W/") ? String(etag.dropFirst(2)) : etag
        for raw in ifNoneMatch.split(separator: ",") {
            var tag = raw.trimmingSpaces
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag = String(tag.dropFirst(2)) }
            if tag == target { return true }
        }
        return false
    }
}
