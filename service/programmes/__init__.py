"""National programmes: budget per specific objective and indicator milestones and targets."""
