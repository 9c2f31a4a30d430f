import Foundation
import Testing
@testable import TiesCore

@Suite struct ShippedDatasetTests {
    @Test func shippedDatasetLoadsWithZeroErrors() {
        let errors = DatasetLoader.validate(directory: shippedDatasetURL)
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
    }
}
