from .engine import Converter
