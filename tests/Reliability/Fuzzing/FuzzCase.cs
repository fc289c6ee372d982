using static TorchSharp.torch;

namespace CircuitSpec.Tests.Reliability.Fuzzing;

public enum ModelFormat { Onnx, TfJs }

/// <summary>
/// One mutated model: <see cref="Write"/> puts its files into an empty folder and returns the file to load;
/// <see cref="Inputs"/> makes a batch the unmutated model accepts, to run the model when the mutant still loads.
/// </summary>
public sealed record FuzzCase(string Source, string Mutation, int Seed, string What, ModelFormat Format,
                              Func<string, string> Write, Func<Tensor[]> Inputs)
{
    public string Name => $"{Source} · {Mutation} #{Seed}";

    public override string ToString() => $"{Name}: {What}";
}

/// <summary>A real model the corpus mutates, with a batch it accepts.</summary>
public sealed record FuzzSource(string Name, string File, Func<Tensor[]> Inputs);
