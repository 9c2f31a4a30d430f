import Testing
@testable import TiesHTTP

@Suite struct PathListTests {
    @Test func matchesExactPathsAndStarredPrefixesOnly() {
        let list = PathList(["/healthz", "/readyz", "/static/*"])
        #expect(list.contains("/healthz") && list.contains("/readyz"))
        #expect(list.contains("/static/") && list.contains("/static/app.js"))
        #expect(!list.contains("/healthz/") && !list.contains("/health") && !list.contains("/static") && !list.contains("/api/v1"))
        #expect(!PathList([]).contains("/"))
    }
}
