import Foundation
import Testing

/// The dashboard's files from `Public/`, served as they are on disk. Skipped, saying so, on a branch that
/// has no `Public/` yet.
@Suite(.enabled(if: TestServer.publicDirectory != nil, "Public/ is not on this branch: no dashboard to serve"))
struct DashboardTests {
    let c = TestServer.shared.client()

    static func files() -> [String] {
        guard let root = TestServer.publicDirectory, let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
               !relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                out.append(relative)
            }
        }
        return out.sorted()
    }

    @Test func theRootServesTheDashboardPage() throws {
        let r = try c.request("/")
        #expect(r.status == 200)
        #expect(r.mediaType == "text/html")
        #expect(r.text.lowercased().contains("<html") || r.text.lowercased().contains("<!doctype html"))
        #expect(r.header("ETag") != nil)
    }

    @Test func everyFileIsServedAsOnDiskWithItsTypeAndRevalidates() throws {
        let files = DashboardTests.files()
        #expect(!files.isEmpty, "Public/ holds files")
        let types = ["html": "text/html", "css": "text/css", "js": "text/javascript", "json": "application/json", "svg": "image/svg+xml"]
        for file in files {
            let r = try c.request("/" + file)
            #expect(r.status == 200, "\(file)")
            let disk = try Data(contentsOf: URL(fileURLWithPath: TestServer.publicDirectory! + "/" + file))
            #expect(r.body == [UInt8](disk), "\(file): the bytes on disk")
            if let ext = file.split(separator: ".").last, let expected = types[String(ext)] {
                #expect(r.mediaType == expected || (ext == "js" && r.mediaType == "application/javascript"), "\(file): \(r.mediaType)")
            }
            if let tag = r.header("ETag") {
                #expect(try c.request("/" + file, headers: ["If-None-Match: \(tag)"]).status == 304, "\(file)")
            }
        }
    }

    @Test func nothingOutsidePublicIsServed() throws {
        for path in ["/../Package.swift", "/%2e%2e/Package.swift", "/..%2fPackage.swift"] {
            let r = try c.request(path)
            #expect(r.status == 404 || r.status == 400, "\(path): \(r.status)")
            #expect(!r.text.contains("PackageDescription"))
        }
    }
}
