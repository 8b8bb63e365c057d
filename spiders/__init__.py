"""One small module per watched source; each is a spider named after its source id."""
