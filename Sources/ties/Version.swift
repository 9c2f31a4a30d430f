enum Version {
    static let string = "1.0.0"
}
