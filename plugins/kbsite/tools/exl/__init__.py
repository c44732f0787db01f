"""Importing Adobe Experience League (EXL) knowledge base repositories."""
