using CircuitSpec.Errors;
using CircuitSpec.Models.Files;
using CircuitSpec.Models.Graph;
using CircuitSpec.Models.Onnx;
using CircuitSpec.Models.Onnx.Proto;
using CircuitSpec.Models.TfJs;
using CircuitSpec.Models.Zoo;
using Google.Protobuf;
using static TorchSharp.torch;

namespace CircuitSpec.Tests.Models;

/// <summary>Broken model files end in typed errors that name the file and the node — never a crash or a giant allocation.</summary>
public sealed class BadModelFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("circuitspec-bad-models-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ModelProto Conv2dCase() =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(SharedData.Require("onnx-conformance", "pytorch-converted", "test_Conv2d", "model.onnx")));

    private string Save(ModelProto model, string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    [Fact]
    public void A_truncated_file_is_a_load_error_naming_the_file()
    {
        var path = Path.Combine(_dir, "truncated.onnx");
        using (var source = File.OpenRead(PackageFiles.ResNet18Onnx))
        {
            var head = new byte[1 << 20];
            source.ReadExactly(head);
            File.WriteAllBytes(path, head);
        }
        var act = () => OnnxLoader.Load(path);
        act.Should().Throw<ModelLoadException>().Where(e => e.File == path).WithMessage("*truncated or corrupt*");
    }

    [Fact]
    public void Random_bytes_are_a_load_error()
    {
        var path = Path.Combine(_dir, "noise.onnx");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var act = () => OnnxLoader.Load(path);
        act.Should().Throw<ModelLoadException>();
    }

    [Fact]
    public void A_missing_initializer_is_a_dangling_input_naming_the_node()
    {
        var model = Conv2dCase();
        var weight = model.Graph.Node[0].Input[1];
        model.Graph.Initializer.Remove(model.Graph.Initializer.Single(i => i.Name == weight));
        model.Graph.Input.Remove(model.Graph.Input.Single(i => i.Name == weight));
        var act = () => OnnxLoader.Load(Save(model, "missing-weight.onnx"));
        act.Should().Throw<ModelLoadException>().WithMessage($"*'{weight}'*dangling*");
    }

    [Fact]
    public void Raw_data_that_does_not_fit_the_dimensions_is_a_load_error_naming_the_tensor()
    {
        var model = Conv2dCase();
        var weight = model.Graph.Initializer[0];
        weight.Dims[0] += 1;
        var act = () => OnnxLoader.Load(Save(model, "shape-mismatch.onnx"));
        act.Should().Throw<ModelLoadException>().Where(e => e.Node == weight.Name).WithMessage("*raw_data holds*");
    }

    [Fact]
    public void A_dimension_that_would_need_terabytes_is_refused_before_allocating()
    {
        var model = Conv2dCase();
        var weight = model.Graph.Initializer[0];
        weight.Dims.Clear();
        weight.Dims.Add([1L << 20, 1L << 20, 1L << 10]);
        var act = () => OnnxLoader.Load(Save(model, "huge.onnx"));
        act.Should().Throw<ModelLoadException>().WithMessage("*would need*bytes*");
    }

    [Fact]
    public void An_unknown_element_type_is_a_load_error()
    {
        var model = Conv2dCase();
        model.Graph.Initializer[0].DataType = 42;
        var act = () => OnnxLoader.Load(Save(model, "dtype.onnx"));
        act.Should().Throw<ModelLoadException>().WithMessage("*element type 42 is not supported*");
    }

    [Fact]
    public void A_cycle_is_a_load_error_naming_the_nodes()
    {
        var model = Conv2dCase();
        model.Graph.Node.Add(new NodeProto { Name = "loop_a", OpType = "Relu", Input = { "loop_b_out" }, Output = { "loop_a_out" } });
        model.Graph.Node.Add(new NodeProto { Name = "loop_b", OpType = "Relu", Input = { "loop_a_out" }, Output = { "loop_b_out" } });
        var act = () => OnnxLoader.Load(Save(model, "cycle.onnx"));
        act.Should().Throw<ModelLoadException>().WithMessage("*loop_a*cycle*");
    }

    [Fact]
    public void An_unknown_operator_is_reported_at_load_time_with_its_node_and_opset()
    {
        var model = Conv2dCase();
        model.Graph.Node[0].OpType = "FancyConv";
        model.Graph.Node[0].Name = "the_conv";
        var act = () => OnnxLoader.Load(Save(model, "unknown-op.onnx"));
        act.Should().Throw<UnsupportedOperatorException>()
            .Where(e => e.OpType == "FancyConv" && e.Node == "the_conv" && e.Opset == 6)
            .WithMessage("*'FancyConv' (opset 6) is not supported*");
    }

    [Fact]
    public void An_input_of_the_wrong_shape_fails_naming_the_node()
    {
        using var model = OnnxLoader.Load(SharedData.Require("onnx-conformance", "pytorch-converted", "test_Conv2d", "model.onnx"));
        var act = () => model.forward(zeros(2, 5, 7, 5));
        act.Should().Throw<GraphExecutionException>().Where(e => e.OpType == "Conv").WithMessage("*inputs: [2, 5, 7, 5]*");
    }

    [Fact]
    public void Tfjs_model_json_that_is_not_json_is_a_load_error()
    {
        var path = Path.Combine(_dir, "model.json");
        File.WriteAllText(path, "{\"modelTopology\": {");
        var act = () => TfJsLoader.Load(path);
        act.Should().Throw<ModelLoadException>().WithMessage("*not valid JSON*");
    }

    [Fact]
    public void Tfjs_shards_of_the_wrong_size_are_a_load_error_naming_the_shard()
    {
        var source = Path.GetDirectoryName(SharedData.Require("models", "darknet-tiny", "model.json"))!;
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        using (var shard = File.OpenWrite(Path.Combine(_dir, "group3-shard1of1"))) shard.SetLength(shard.Length - 4);
        var act = () => TfJsLoader.Load(Path.Combine(_dir, "model.json"));
        act.Should().Throw<ModelLoadException>().Where(e => e.Node == "group3-shard1of1").WithMessage("*shards hold*need*");
    }

    [Fact]
    public void Tfjs_unknown_layers_are_unsupported_operators()
    {
        var source = Path.GetDirectoryName(SharedData.Require("models", "darknet-tiny", "model.json"))!;
        foreach (var file in Directory.EnumerateFiles(source)) File.Copy(file, Path.Combine(_dir, Path.GetFileName(file)));
        var json = Path.Combine(_dir, "model.json");
        File.WriteAllText(json, File.ReadAllText(json).Replace("\"class_name\": \"LeakyReLU\"", "\"class_name\": \"Swish\""));
        var act = () => TfJsLoader.Load(json);
        act.Should().Throw<UnsupportedOperatorException>().Where(e => e.OpType == "Swish" && e.Node == "leaky_re_lu_1");
    }
}
