import Foundation
import PackagePlugin

/// Compiles the target's `Dataset/` directory into the target as `EmbeddedDataset.generatedFiles`, so the
/// default dataset is inside the binary itself: `swift run ties` and a static binary copied anywhere serve it
/// with no resource bundle beside them. Every file is an input, so editing, adding or removing one
/// re-embeds on the next build.
@main
struct EmbedDataset: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let dataset = target.directoryURL.appending(path: "Dataset")
        var inputs: [URL] = []
        if let walker = FileManager.default.enumerator(at: dataset, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                inputs.append(url)
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDatasetFiles.swift")
        return [.buildCommand(displayName: "Embedding \(inputs.count) dataset files into \(target.name)",
                              executable: try context.tool(named: "EmbedFiles").url,
                              arguments: [dataset.path, output.path],
                              inputFiles: inputs + [dataset],
                              outputFiles: [output])]
    }
}
