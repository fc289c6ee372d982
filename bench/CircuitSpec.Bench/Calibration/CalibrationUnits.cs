namespace CircuitSpec.Bench.Calibration;

/// <summary>A unit whose feature visualization the calibration renders: model (zoo name), layer, channel.</summary>
internal sealed record CalibrationUnit(string Model, string Layer, int Channel)
{
    public string Label => $"{Model} {Layer}:{Channel}";

    public string Key => $"{Model}_{Layer}_{Channel}";

    /// <summary>
    /// 36 units over the three real models at several depths: the 18 portrait units of the specs, and 18 more from
    /// layers the portraits do not cover (ResNet-18 conv1, layer3 and layer4, Tiny Darknet's middle and late layers,
    /// InceptionV1's conv2d2, mixed4a, mixed4c, mixed4e and mixed5a).
    /// </summary>
    public static IReadOnlyList<CalibrationUnit> All { get; } =
    [
        new("resnet18", "relu", 39), new("resnet18", "layer1", 12), new("resnet18", "layer1", 20), new("resnet18", "layer1", 50),
        new("resnet18", "layer2", 72), new("resnet18", "layer2", 89), new("resnet18", "layer2", 10), new("resnet18", "layer3", 155),
        new("resnet18", "layer3", 40), new("resnet18", "layer4", 100), new("resnet18", "layer4", 300),
        new("tiny-darknet", "leaky_re_lu_2", 4), new("tiny-darknet", "leaky_re_lu_2", 19), new("tiny-darknet", "leaky_re_lu_4", 30),
        new("tiny-darknet", "leaky_re_lu_6", 21), new("tiny-darknet", "leaky_re_lu_8", 81), new("tiny-darknet", "leaky_re_lu_10", 251),
        new("tiny-darknet", "leaky_re_lu_12", 100), new("tiny-darknet", "leaky_re_lu_14", 50),
        new("inceptionv1", "conv2d2", 50), new("inceptionv1", "mixed3a", 92), new("inceptionv1", "mixed3a", 188),
        new("inceptionv1", "mixed3b", 321), new("inceptionv1", "mixed3b", 361), new("inceptionv1", "mixed3b", 375),
        new("inceptionv1", "mixed3b", 394), new("inceptionv1", "mixed3b", 413), new("inceptionv1", "mixed4a", 100),
        new("inceptionv1", "mixed4c", 265), new("inceptionv1", "mixed4e", 200), new("inceptionv1", "mixed5a", 300),
        new("inceptionv1", "mixed5a", 700),
        // Added after the first run found mixed4a:100, mixed4e:200 and mixed5a:300 dead at this recipe (never driven above 0).
        new("resnet18", "layer3", 200), new("resnet18", "layer4", 50), new("tiny-darknet", "leaky_re_lu_10", 100),
        new("inceptionv1", "mixed4c", 100),
    ];
}
