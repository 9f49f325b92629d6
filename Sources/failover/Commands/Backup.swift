import ArgumentParser
import Foundation

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database to PATH, safely while the dispatcher runs.",
        discussion: """
            Uses SQLite's online backup API: the copy is one consistent snapshot, taken without stopping record, \
            cycle or render. It is written beside PATH, checked (SQLite's integrity_check and failover's \
            application_id) and only then renamed to PATH, so PATH is a whole, checked database or is left as it \
            was. An existing PATH is refused unless --force, which replaces only a SQLite \
            database (an earlier backup), never a config or other file. A copy that fails the check means the database \
            itself is damaged: the command says so and exits 1.

            To restore: stop the dispatcher, move the database and its -wal and -shm files aside, copy the \
            backup to service.database, run `failover verify`, start the dispatcher.
            """
    )

    @OptionGroup var config: ConfigOption

    @Argument(help: ArgumentHelp("Where to write the copy (relative to the current folder).", valueName: "path"))
    var path: String

    @Flag(help: "Replace PATH if it is an earlier backup (a SQLite database).")
    var force = false

    func run() throws {
        try PathArgument.checkCreatable(path, named: "backup path")
        let loaded = try Session.load(config)
        let store = try Session.openSQLite(loaded, verb: "backup", instead: "back PostgreSQL up with its own tools (pg_dump, or the server's continuous archiving)")
        let report = try store.backup(to: path, replacing: force)
        Console.out("backed up \(loaded.databasePath) to \(report.path): \(report.bytes) bytes, integrity checked, in \(Int(report.seconds * 1000)) ms")
    }
}
