namespace FedAspire.Core.Data.Partitioning;

/// <summary>How rows are distributed over clients.</summary>
public enum PartitionStrategy
{
    /// <summary>Random blocks, sizes from the quantity fractions.</summary>
    Iid,
    /// <summary>k-means (k = clients) on standardized operating signals; one cluster per client (feature skew).</summary>
    Clustering,
    /// <summary>Per label, blocks split over clients by Dirichlet(alpha) proportions (label skew; 0.1 extreme, 10 near-IID).</summary>
    Dirichlet,
    /// <summary>Contiguous time periods, sizes from the quantity fractions.</summary>
    Temporal,
    /// <summary>Per (cluster, label) cell, blocks split by Dirichlet(alpha) times the quantity fractions: feature, label and quantity skew (recommended).</summary>
    Hybrid,
}
