using CircuitSpec.Errors;
using CircuitSpec.Features;
using CircuitSpec.Networks;
using CircuitSpec.Runtime;
using static TorchSharp.torch;

namespace CircuitSpec.Weights;

/// <summary>
/// Expanded weights (Circuits, "Visualizing Weights"): the effective linear weight from every unit of a source layer
/// to a target unit through the layers between them. The model is linearized (ReLU and other pointwise
/// non-linearities become the identity, max pooling becomes average pooling), the source activation is replaced by a
/// variable, and the gradient of the target's value at the centre of its map with respect to that variable is the
/// expanded weight. Where the path is linear (1×1 reduce convolutions, concatenations, batch normalization, residual
/// sums) this is exact; through non-linearities it is the usual approximation.
/// </summary>
internal static class ExpandedWeights
{
    public static InputWeights Read(Unit target, string sourceLayer)
    {
        var model = target.Model;
        var source = model.Resolve(sourceLayer);
        var order = model.PointNames.ToList();
        if (order.IndexOf(source) >= order.IndexOf(target.Point))
            throw new CircuitSpecException($"'{sourceLayer}' is not before {target.Label} in model '{model.ModelName}'; expanded weights run from an earlier layer to a later one.");

        using var scope = NewDisposeScope();
        using var filling = AllocationFilling.ForGradients();
        var variable = zeros(model.ShapeOf(source), device: model.Device).requires_grad_();
        var plan = new ForwardPlan { Linearized = true, Gradients = true }
            .Changing(source, _ => variable.alias())
            .Capturing(target.Point)
            .StoppingAfterCaptures();
        var targetValue = model.Execute(zeros(model.Input.Shape(), device: model.Device), plan).Captured[target.Point];
        using var gradients = enable_grad();
        var value = targetValue.dim() == 4
            ? targetValue[0, target.Channel, targetValue.shape[2] / 2, targetValue.shape[3] / 2]
            : targetValue[0, target.Channel];
        var gradient = autograd.grad([value], [variable], allow_unused: true)[0];
        if (gradient is null || gradient.abs().sum().AsDouble() == 0)
            throw new CircuitSpecException($"{target.Label} does not depend linearly on '{sourceLayer}' (the expanded weight is zero everywhere).");
        return Crop(target, sourceLayer, gradient[0].to(ScalarType.Float32).cpu());
    }

    // The gradient is non-zero only inside the target's receptive field: keep that window.
    private static InputWeights Crop(Unit target, string sourceLayer, Tensor gradient)
    {
        var channels = gradient.shape[0];
        if (gradient.dim() == 1) return new InputWeights(target, sourceLayer, channels, 1, 1, gradient.data<float>().ToArray(), expanded: true);
        var support = gradient.abs().sum(0L).GreaterThan(0); // 0L: a plain 0 would bind to the dtype overload
        var rows = support.any(1).nonzero().flatten().data<long>().ToArray();
        var columns = support.any(0).nonzero().flatten().data<long>().ToArray();
        var (top, bottom, left, right) = (rows.Min(), rows.Max() + 1, columns.Min(), columns.Max() + 1);
        var window = gradient[.., TensorIndex.Slice(top, bottom), TensorIndex.Slice(left, right)].contiguous();
        return new InputWeights(target, sourceLayer, channels, (int)(bottom - top), (int)(right - left), window.data<float>().ToArray(), expanded: true);
    }
}
