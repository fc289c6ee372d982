using CircuitSpec.Errors;
using CircuitSpec.Models.Zoo;
using CircuitSpec.Tests.Support;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>
/// What <see cref="ModelZoo.Load"/> (the CLI's model argument) makes of paths: a TF.js or Caffe folder is a model; an
/// empty file, a missing path or a folder without a model says so, and a path is never answered with a zoo name.
/// </summary>
public sealed class ModelPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("circuitspec-paths-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_empty_file_is_called_empty()
    {
        var empty = Path.Combine(_folder, "model.onnx");
        File.WriteAllBytes(empty, []);
        var act = () => ModelZoo.Load(empty);
        act.Should().Throw<CircuitSpecException>().WithMessage($"The file '{empty}' is empty (0 bytes).");
    }

    [Fact]
    public void A_missing_path_or_a_folder_without_a_model_is_not_answered_with_a_zoo_name()
    {
        var missing = Path.Combine(_folder, "inceptionv");
        var act = () => ModelZoo.Load(missing);
        act.Should().Throw<CircuitSpecException>().WithMessage("There is no file or folder*inceptionv'.").Which.Message.Should().NotContain("Did you mean");

        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not a model");
        var noModel = () => ModelZoo.Load(_folder);
        noModel.Should().Throw<CircuitSpecException>().WithMessage("*holds no model*TF.js model.json*Caffe deploy.prototxt*It holds: notes.txt.")
            .Which.Message.Should().NotContain("Did you mean");

        // A bare name is still a zoo name, and a near miss is suggested.
        var misspelt = () => ModelZoo.Load("inceptionv");
        misspelt.Should().Throw<CircuitSpecException>().WithMessage("*Did you mean 'inceptionv1'?");
    }

    [Fact]
    public void A_tfjs_folder_is_the_same_model_as_its_model_json()
    {
        var json = SharedData.Require("models", "darknet-tiny", "model.json");
        using var byFolder = ModelZoo.Load(Path.GetDirectoryName(json)!);
        using var byFile = ModelZoo.Load(json);
        byFolder.PointNames.Should().Equal(byFile.PointNames);
        using var scope = NewDisposeScope();
        var image = Seeded.Uniform([1, 3, 224, 224], seed: 5);
        Close.Relative(byFolder.call(image), byFile.call(image)).Should().Be(0);
    }

    [Fact]
    public void A_caffe_folder_loads_with_caffes_imagenet_convention_and_computes_what_the_zoos_inceptionv1_computes()
    {
        var folder = Path.GetDirectoryName(SharedData.Require("models", "bvlc-googlenet", "deploy.prototxt"))!;
        using var caffe = ModelZoo.Load(folder);
        caffe.Input.Height.Should().Be(224, "the prototxt's input layer declares 224×224");
        caffe.Input.Description.Should().Contain("104, 117, 123");
        using var zoo = ModelZoo.InceptionV1();
        using var scope = NewDisposeScope();
        var image = Seeded.Uniform([1, 3, 224, 224], seed: 6);
        Close.Relative(caffe.call(image), zoo.call(image)).Should().BeLessThan(1e-4, "the same weights, read by the same loader");
    }
}
