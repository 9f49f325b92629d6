import Foundation

// Build-time tool of EmbedResourcesPlugin: writes a Swift source holding each file as base64.
// Base64 string literals compile in well under a second, where an array literal of the same
// bytes would take the type checker minutes.
//
// Usage: EmbedResources OUTPUT RELATIVE=ABSOLUTE...

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: EmbedResources OUTPUT RELATIVE=ABSOLUTE...\n".utf8))
    exit(64)
}
var source = """
    // Generated at build time by EmbedResources (Plugins/EmbedResourcesPlugin) from templates/, site/,
    // specs/ and examples/. Do not edit: edit those folders.

    extension BuiltInResources {
        static let encoded: [(path: String, base64: String)] = [

    """
for argument in arguments.dropFirst() {
    guard let separator = argument.firstIndex(of: "=") else {
        FileHandle.standardError.write(Data("EmbedResources: expected RELATIVE=ABSOLUTE, got \(argument)\n".utf8))
        exit(64)
    }
    let relative = argument[..<separator], absolute = String(argument[argument.index(after: separator)...])
    guard let data = FileManager.default.contents(atPath: absolute) else {
        FileHandle.standardError.write(Data("EmbedResources: cannot read \(absolute)\n".utf8))
        exit(66)
    }
    // Paths are plain file names from our own folders; escape the two characters a literal cannot hold anyway.
    let path = relative.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    source += "        (\"\(path)\", \"\(data.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedResources: cannot write \(output): \(error)\n".utf8))
    exit(73)
}
