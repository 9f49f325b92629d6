// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "failover",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "failover", targets: ["failover"]),
        .library(name: "FailoverCore", targets: ["FailoverCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: no I/O, no clocks. Time is always a parameter.
        .target(name: "FailoverCore"),
        .target(
            name: "ConfigLoader",
            dependencies: ["FailoverCore", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "FailoverStore",
            dependencies: ["FailoverCore", "AtomicFiles", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "AtomicFiles", dependencies: ["FailoverCore"]),
        // The same ports on PostgreSQL, for fleets whose dispatchers run on several hosts (specs/operations.md).
        .target(
            name: "FailoverPostgres",
            dependencies: ["FailoverCore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")]
        ),
        // Opens the store `service.database` names, SQLite or PostgreSQL: the one place both are known.
        .target(name: "StoreFactory", dependencies: ["FailoverCore", "ConfigLoader", "FailoverStore", "FailoverPostgres"]),
        // Runs on the store's ports (FailoverCore's `Store`), not on SQLite: it never imports FailoverStore.
        .target(
            name: "FailoverEngine",
            dependencies: ["FailoverCore", "ConfigLoader", "AtomicFiles"]
        ),
        // Debian's cmark-gfm (libcmark-gfm-dev, libcmark-gfm-extensions-dev) renders specs/ into the site.
        .systemLibrary(
            name: "CCmarkGFM",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Debian's libdeflate (libdeflate-dev) gzips the site: faster than zlib and smaller output, measured
        // in Publish/Gzip.swift.
        .systemLibrary(name: "CLibdeflate", providers: [.apt(["libdeflate-dev"])]),
        // The system call Swift cannot reach: renameat2 (atomic swap).
        .target(name: "CSiteSupport"),
        // templates/, site/, specs/ and examples/ built into the binary at build time (see the plugin).
        .executableTarget(name: "EmbedResources"),
        .plugin(name: "EmbedResourcesPlugin", capability: .buildTool(), dependencies: ["EmbedResources"]),
        .target(name: "FailoverResources", plugins: ["EmbedResourcesPlugin"]),
        .target(
            name: "FailoverSite",
            dependencies: [
                "FailoverCore", "ConfigLoader", "FailoverStore", "FailoverEngine", "AtomicFiles", "FailoverResources",
                "CCmarkGFM", "CLibdeflate", "CSiteSupport",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // `failover demo`: the example fleet through a simulated day, rendered.
        .target(
            name: "FailoverDemo",
            dependencies: ["FailoverCore", "ConfigLoader", "FailoverStore", "StoreFactory", "FailoverEngine", "FailoverSite", "AtomicFiles"]
        ),
        // Synthetic fleets and timed scenarios for `failover bench`; never used by tests for timing.
        .target(
            name: "FailoverBench",
            dependencies: ["FailoverCore", "ConfigLoader", "FailoverStore", "StoreFactory", "FailoverEngine"]
        ),
        .executableTarget(
            name: "failover",
            dependencies: [
                "FailoverCore",
                "ConfigLoader",
                "FailoverStore",
                "FailoverEngine",
                "FailoverBench",
                "FailoverSite",
                "FailoverDemo",
                "FailoverPostgres",
                "StoreFactory",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What several test targets share: seeded hostile values for the fuzz suites, a holder of another
        // connection's write lock. A library for tests only.
        .target(name: "TestSupport", dependencies: ["FailoverCore", .product(name: "GRDB", package: "GRDB.swift")], path: "Tests/TestSupport"),
        .testTarget(name: "FailoverCoreTests", dependencies: ["FailoverCore", "TestSupport"]),
        .testTarget(name: "ConfigLoaderTests", dependencies: ["ConfigLoader", "FailoverCore", "TestSupport"]),
        .testTarget(name: "FailoverEngineTests", dependencies: ["FailoverEngine", "FailoverStore", "ConfigLoader", "FailoverCore", "TestSupport"]),
        .testTarget(name: "FailoverSiteTests", dependencies: [
            "FailoverSite", "FailoverResources", "FailoverEngine", "FailoverStore", "ConfigLoader", "FailoverCore",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "FailoverStoreTests", dependencies: ["FailoverStore", "FailoverPostgres", "FailoverCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        // The PostgreSQL store on a real server (TestSupport's PostgresCluster): concurrent writers, the
        // append-only ledger, migrations, the copy into a SQLite store in memory (`simulate`).
        .testTarget(name: "FailoverPostgresTests", dependencies: ["FailoverPostgres", "FailoverEngine", "ConfigLoader", "FailoverCore", "TestSupport",
                                                            "FailoverStore", "StoreFactory"]),
        // Runs the built binary; depending on it makes SwiftPM build it first. GRDB only to hold the
        // database's lock and make foreign databases from the test, as another process would.
        .testTarget(name: "CLITests", dependencies: ["failover", "TestSupport", "FailoverCore", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v6]
)
