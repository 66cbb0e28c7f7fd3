import Foundation

/// Where osva's own schema files are: the `Schemas` resource folder of this module.
///
/// The folder is copied unchanged into the module's resource bundle, which must sit beside
/// the built executable; schemas are never loaded from anywhere else.
public enum SchemaFiles {
    /// The `Schemas` folder.
    public static var folder: String {
        if let url = Bundle.module.url(forResource: "Schemas", withExtension: nil) {
            return url.path
        }
        return Bundle.module.bundlePath + "/Schemas"
    }

    /// The Finnish CDA R2 schema (`CDA_Fi.xsd`), with its includes beside it.
    public static var cda: String { folder + "/CDA_Fi.xsd" }

    /// The bundle manifest schema (`osva-manifest.xsd`).
    public static var manifest: String { folder + "/osva-manifest.xsd" }

    /// The access request schema (`osva-request.xsd`).
    public static var request: String { folder + "/osva-request.xsd" }

    /// The disclosure restrictions schema (`osva-restrictions.xsd`).
    public static var restrictions: String { folder + "/osva-restrictions.xsd" }
}
