print("osva")
