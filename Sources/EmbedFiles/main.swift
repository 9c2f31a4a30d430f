import Foundation

// Build-time tool of the EmbedDataset plugin: writes every file under a directory into one Swift source as
// string literals, so the dataset ships inside the binary with no resource bundle (SwiftPM's generated
// resource accessor imports Foundation, which links ICU's 30 MB of data into a static server binary).
//
//     EmbedFiles DIRECTORY OUTPUT.swift
//
// Files are listed in byte order of their relative paths; dot files are skipped. Every file must be UTF-8
// (the loader refuses anything else in a dataset); a file that is not fails the build, named.

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedFiles DIRECTORY OUTPUT.swift\n".utf8))
    exit(2)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

func files(under dir: URL, prefix: String) -> [(String, URL)] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    var out: [(String, URL)] = []
    for name in names where !name.hasPrefix(".") {
        let url = dir.appendingPathComponent(name)
        var isDir: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir)
        if isDir.boolValue { out += files(under: url, prefix: prefix + name + "/") } else { out.append((prefix + name, url)) }
    }
    return out
}

/// A Swift string literal whose UTF-8 is exactly `text`'s.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

var source = """
// Generated at build time by EmbedFiles (the EmbedDataset plugin) from \(root.lastPathComponent)/; do not edit.
// \(root.path)

extension EmbeddedDataset {
    static let generatedFiles: [(path: String, text: StaticString)] = [

"""
let all = files(under: root, prefix: "").sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
for (path, url) in all {
    guard let data = FileManager.default.contents(atPath: url.path) else {
        FileHandle.standardError.write(Data("EmbedFiles: error: cannot read \(url.path)\n".utf8))
        exit(1)
    }
    guard let text = String(validating: data, as: UTF8.self) else {
        FileHandle.standardError.write(Data("EmbedFiles: error: \(url.path) is not UTF-8; a dataset holds UTF-8 text only\n".utf8))
        exit(1)
    }
    source += "        (\(literal(path)), \(literal(text))),\n"
}
source += "    ]\n}\n"
// Only rewrite when something changed, so an unchanged dataset does not recompile TiesCore.
if (try? Data(contentsOf: output)) != Data(source.utf8) {
    do { try Data(source.utf8).write(to: output, options: .atomic) } catch {
        FileHandle.standardError.write(Data("EmbedFiles: error: cannot write \(output.path): \(error)\n".utf8))
        exit(1)
    }
}
