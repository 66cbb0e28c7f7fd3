// swift-tools-version:6.0
import PackageDescription

/// osva: the register side of Kanta's outsourcing authorisation, run as a nightly batch job.
///
/// Layers, bottom up: `C…` system libraries; one Swift wrapper module per C library; `Domain`
/// (pure values); services (`Documents`, `Intake`, `Storage`, `Receipts`); `Pipeline`; `osva`.
let package = Package(
    name: "osva",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "osva", targets: ["osva"])
    ],
    targets: [
        // C libraries
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0",
                       providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive",
                       providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // Wrappers: the only importers of their C library
        .target(name: "XML", dependencies: ["CLibXML2"]),
        .target(name: "Zip", dependencies: ["CArchive"]),
        .target(name: "SQL", dependencies: ["CSQLite"]),
        .target(name: "Hashing", dependencies: ["CCrypto"]),

        // Domain: pure values, no I/O
        .target(name: "Domain"),

        // Durable file operations (write, sync, rename, cross-device move) for the services
        .target(name: "Files"),

        // Services
        .target(name: "Documents", dependencies: ["Domain", "XML"],
                resources: [.copy("Schemas")]),
        .target(name: "Intake",
                dependencies: ["Domain", "Zip", "Hashing", "XML", "Documents", "Files"]),
        .target(name: "Storage", dependencies: ["Domain", "SQL", "Hashing", "Files"]),
        .target(name: "Receipts", dependencies: ["Domain", "Files", "XML"],
                resources: [.copy("Schemas")]),

        // Sample and benchmark bundles built from real corpus documents
        .target(name: "Samples",
                dependencies: ["Domain", "XML", "Zip", "Hashing", "Documents"]),

        .target(name: "Reports", dependencies: ["Domain", "Storage", "Receipts", "XML"]),

        // One run, and the command line on top
        .target(name: "Pipeline",
                dependencies: ["Domain", "Documents", "Intake", "Storage", "Receipts", "Files",
                               "XML", "SQL", "Imaging", "Zip", "Hashing"]),
        .executableTarget(name: "osva",
                          dependencies: ["Pipeline", "Storage", "Domain", "Files", "Samples",
                                         "Reports"]),
        .executableTarget(name: "osva-bench-inbox", dependencies: ["Samples", "Domain"]),

        // Tests mirror the modules
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        .testTarget(name: "XMLTests", dependencies: ["XML"]),
        .testTarget(name: "ZipTests", dependencies: ["Zip"]),
        .testTarget(name: "SQLTests", dependencies: ["SQL"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Domain"]),
        .testTarget(name: "FilesTests", dependencies: ["Files"]),
        .testTarget(name: "IntakeTests",
                    dependencies: ["Intake", "Domain", "Documents", "Zip", "Hashing", "Files"]),
        .testTarget(name: "StorageTests",
                    dependencies: ["Storage", "Domain", "SQL", "Files", "Documents"]),
        .testTarget(name: "ReceiptsTests", dependencies: ["Receipts", "Domain", "XML", "Files"]),
        .testTarget(name: "ReportsTests",
                    dependencies: ["Reports", "Storage", "Domain", "Pipeline", "Samples",
                                   "Files"]),
        .testTarget(name: "PipelineTests",
                    dependencies: ["Pipeline", "Storage", "Domain", "Samples", "XML", "Files"]),

        // DICOM headers: a C++ target with a plain C header over DCMTK, and its only importer
        .target(name: "CDCMTK",
                linkerSettings: [.linkedLibrary("dcmdata"), .linkedLibrary("oflog"),
                                 .linkedLibrary("ofstd")]),
        .target(name: "Imaging", dependencies: ["CDCMTK"]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"]),
    ],
    swiftLanguageModes: [.v6]
)
