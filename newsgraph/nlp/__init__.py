"""Natural-language processing: spaCy models, our pipeline components and their runner."""
