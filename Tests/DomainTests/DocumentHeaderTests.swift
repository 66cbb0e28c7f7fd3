import Domain
import Testing

struct DocumentHeaderTests {
    @Test func theRegisterNeedsControllerAndType() throws {
        var header = DocumentHeader(documentID: "1.2.246.10.99999985.50.1")
        #expect(header.register == nil)
        header.registerController = try Value.oid(World.controller)
        #expect(header.register == nil)
        header.registerType = World.registerType
        header.registrySpecifier = World.specifier
        #expect(header.register == (try World.register()))
    }

    @Test func registersDifferWhenControllerTypeOrSpecifierDiffers() throws {
        let register = try World.register()
        var otherType = register
        otherType.type = "3"
        var otherSpecifier = register
        otherSpecifier.specifier = nil
        var otherController = register
        otherController.controller = try Value.oid(World.otherController)
        #expect(register != otherType)
        #expect(register != otherSpecifier)
        #expect(register != otherController)
        #expect(register.description == "1.2.246.10.99999984.19.0/4/1234567-8")
    }
}
