import FailoverCore

/// A path named on the command line for something failover creates. A control character in it (a
/// line break from a bad paste or a script's unquoted variable) would make a folder no one can type,
/// and would split the lines that report it.
enum PathArgument {
    static func checkCreatable(_ path: String, named name: String) throws {
        if let control = TerminalText.firstControl(in: path) {
            throw CommandFailure.user("\(name) \"\(TerminalText.escaped(path))\" holds a control character (\(control)); name a path without one")
        }
    }
}
