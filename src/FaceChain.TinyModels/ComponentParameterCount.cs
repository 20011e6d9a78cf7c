namespace FaceChain.TinyModels;

/// <summary>One generated component's parameter count beside the published model's.</summary>
/// <param name="Reference">Parameters of the real model this component is shaped like (width divisor 1).</param>
/// <param name="ReferenceSource">What the reference counts and where the figure comes from.</param>
public sealed record ComponentParameterCount(string Component, long Generated, long Reference, string ReferenceSource)
{
    /// <summary>(generated − reference) / reference.</summary>
    public double RelativeDifference => Reference == 0 ? double.NaN : (Generated - Reference) / (double)Reference;
}
